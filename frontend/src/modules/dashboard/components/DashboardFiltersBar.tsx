import { Button, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { userOptions, userQueries } from '../../identity';
import { leadQueries } from '../../leads';
import { tripQueries } from '../../trips';
import { todayIso } from '../../../shared/format';
import { activeFilterCount, PRESET_LABELS, PRESETS, presetDates, type DashboardFilters, type Preset } from '../filters';

type SetFilters = (patch: Partial<DashboardFilters>) => void;

const granularityOptions = [
  { value: 'auto', label: 'Auto' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];

/** The range (a preset or two dates) and the filters of the dashboard; every change goes to the URL. */
export function DashboardFiltersBar({ filters, setFilters }: { filters: DashboardFilters; setFilters: SetFilters }) {
  const sources = useQuery(leadQueries.sources());
  const users = useQuery(userQueries.list());
  const trips = useQuery(tripQueries.list({ page: 1, page_size: 100 }));
  const count = activeFilterCount(filters);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" mb="md" role="search" aria-label="Dashboard filters">
      <Select
        label="Period"
        data={PRESETS.map((value) => ({ value, label: PRESET_LABELS[value] }))}
        value={filters.range}
        allowDeselect={false}
        onChange={(value) => {
          if (!value) return;
          const preset = value as Preset;
          // A custom range starts from the dates on screen, ready to be adjusted.
          setFilters(preset === 'custom' ? { range: 'custom', ...presetDates(filters.range === 'custom' ? '30d' : filters.range) } : { range: preset });
        }}
        w={{ base: '100%', xs: 160 }}
      />
      {filters.range === 'custom' && filters.from && filters.to ? (
        <CustomRange key={`${filters.from}_${filters.to}`} from={filters.from} to={filters.to} onChange={(from, to) => setFilters({ range: 'custom', from, to })} />
      ) : null}
      <Select
        label="Source"
        placeholder="All sources"
        data={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
        value={filters.source ?? null}
        onChange={(value) => setFilters({ source: value ?? undefined })}
        clearable
        w={{ base: 'calc(50% - var(--mantine-spacing-sm) / 2)', xs: 170 }}
      />
      <Select
        label="Agent"
        placeholder="All agents"
        data={userOptions(users.data)}
        value={filters.assigned_to ?? null}
        onChange={(value) => setFilters({ assigned_to: value ?? undefined })}
        clearable
        searchable
        w={{ base: 'calc(50% - var(--mantine-spacing-sm) / 2)', xs: 170 }}
      />
      <Select
        label="Trip"
        placeholder="All trips"
        data={(trips.data?.results ?? []).map((t) => ({ value: String(t.id), label: t.title }))}
        value={filters.trip ?? null}
        onChange={(value) => setFilters({ trip: value ?? undefined })}
        clearable
        searchable
        w={{ base: '100%', xs: 200 }}
      />
      <div>
        <Text id="granularity-label" size="sm" fw={500} mb={2}>
          Group by
        </Text>
        <SegmentedControl
          aria-labelledby="granularity-label"
          data={granularityOptions}
          value={filters.granularity ?? 'auto'}
          onChange={(value) => setFilters({ granularity: value === 'auto' ? undefined : (value as DashboardFilters['granularity']) })}
          size="sm"
        />
      </div>
      {count > 0 ? (
        <Button variant="subtle" leftSection={<IconX size={14} aria-hidden />} onClick={() => setFilters({ source: undefined, assigned_to: undefined, trip: undefined })}>
          Clear {count === 1 ? 'filter' : `${count} filters`}
        </Button>
      ) : null}
    </Group>
  );
}

/** Two dates picked on a calendar; the URL changes once both are chosen. */
function CustomRange({ from, to, onChange }: { from: string; to: string; onChange: (from: string, to: string) => void }) {
  const [value, setValue] = useState<DatesRangeValue<string>>([from, to]);
  return (
    <DatePickerInput
      type="range"
      label="Dates"
      value={value}
      onChange={(next) => {
        setValue(next);
        if (next[0] && next[1]) onChange(next[0], next[1]);
      }}
      maxDate={todayIso()}
      leftSection={<IconCalendar size={16} aria-hidden />}
      valueFormat="D MMM YYYY"
      w={{ base: '100%', xs: 250 }}
      allowSingleDateInRange
    />
  );
}
