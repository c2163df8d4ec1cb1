import { Box, Button, Group, Select, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { DatePickerInput } from '@mantine/dates';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { userQueries } from '../../identity';
import { useDebouncedInput } from '../../../shared/useDebouncedCallbackValue';
import { leadQueries } from '../api';
import { activeFilterCount, type LeadFilters } from '../filters';
import classes from './LeadFiltersBar.module.css';

export function LeadFiltersBar({ filters, setFilters, hideStage = false }: {
  filters: LeadFilters;
  setFilters: (patch: Partial<LeadFilters>, options?: { replace?: boolean }) => void;
  hideStage?: boolean;
}) {
  const stages = useQuery(leadQueries.stages());
  const sources = useQuery(leadQueries.sources());
  const users = useQuery(userQueries.list());
  const search = useDebouncedInput(filters.search ?? '', (value) =>
    setFilters({ search: value.trim() || undefined }, { replace: true }),
  );
  const tags = useDebouncedInput(filters.tags ?? '', (value) => setFilters({ tags: value.trim() || undefined }, { replace: true }));
  const assigneeOptions = [
    { value: 'me', label: 'Me' },
    { value: 'none', label: 'Unassigned' },
    ...(users.data ?? []).map((u) => ({ value: String(u.id), label: u.name })),
  ];
  const count = activeFilterCount(filters);
  const [open, { toggle }] = useDisclosure(false);
  const hidden = count - (filters.search ? 1 : 0);
  return (
    <Group gap="xs" align="flex-end" mb="sm" wrap="wrap" role="search" aria-label="Filter leads">
      <TextInput
        label="Search"
        placeholder="Name, phone or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search.value}
        onChange={(event) => search.onChange(event.currentTarget.value)}
        w={{ base: 'calc(100% - 120px)', sm: 220 }}
      />
      <Button
        hiddenFrom="sm"
        variant="default"
        w={110}
        leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
        onClick={toggle}
        aria-expanded={open}
        aria-controls="lead-filters-more"
      >
        Filters{hidden > 0 ? ` (${hidden})` : ''}
      </Button>
      <Box className={classes.more} id="lead-filters-more" data-open={open || undefined}>
      {hideStage ? null : (
        <Select
          label="Stage"
          placeholder="Any stage"
          clearable
          data={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
          value={filters.stage ?? null}
          onChange={(value) => setFilters({ stage: value ?? undefined })}
          w={150}
        />
      )}
      <Select
        label="Source"
        placeholder="Any source"
        clearable
        data={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
        value={filters.source ?? null}
        onChange={(value) => setFilters({ source: value ?? undefined })}
        w={150}
      />
      <Select
        label="Assigned to"
        placeholder="Anyone"
        clearable
        searchable
        data={assigneeOptions}
        value={filters.assigned_to ?? null}
        onChange={(value) => setFilters({ assigned_to: value ?? undefined })}
        w={160}
      />
      <Select
        label="WhatsApp"
        placeholder="Any channel"
        clearable
        data={[
          { value: 'true', label: 'From WhatsApp' },
          { value: 'false', label: 'Not WhatsApp' },
        ]}
        value={filters.is_whatsapp ?? null}
        onChange={(value) => setFilters({ is_whatsapp: (value as 'true' | 'false' | null) ?? undefined })}
        w={150}
      />
      <DatePickerInput
        type="range"
        label="Created"
        placeholder="Any date"
        clearable
        allowSingleDateInRange
        valueFormat="D MMM YYYY"
        value={[filters.created_after?.slice(0, 10) ?? null, filters.created_before?.slice(0, 10) ?? null]}
        onChange={([from, to]) => {
          if (from && !to) return;
          setFilters({ created_after: from ?? undefined, created_before: to ?? undefined });
        }}
        w={230}
        className={classes.wide}
      />
      <TextInput
        label="Tags"
        placeholder="e.g. vip,honeymoon"
        value={tags.value}
        onChange={(event) => tags.onChange(event.currentTarget.value)}
        w={160}
        className={classes.wide}
      />
      </Box>
      {count > 0 ? (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} aria-hidden />}
          onClick={() =>
            setFilters({
              search: undefined,
              stage: undefined,
              source: undefined,
              assigned_to: undefined,
              is_whatsapp: undefined,
              created_after: undefined,
              created_before: undefined,
              tags: undefined,
            })
          }
        >
          Clear {count} {count === 1 ? 'filter' : 'filters'}
        </Button>
      ) : null}
    </Group>
  );
}
