import { NumberInput, Select, SimpleGrid, TagsInput, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { userOptions, userQueries } from '../../identity';
import { tripQueries } from '../../trips';
import { leadQueries } from '../api';
import type { LeadFormValues } from '../leadForm';

/** The inputs of a lead; `compact` shows the ones worth asking when a lead is created. */
export function LeadFields({ form, compact = false }: { form: UseFormReturnType<LeadFormValues>; compact?: boolean }) {
  const sources = useQuery(leadQueries.sources());
  const users = useQuery(userQueries.list());
  const trips = useQuery({ ...tripQueries.list({ page: 1, page_size: 100, ordering: 'start_date' }), enabled: !compact });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <TextInput label="Phone" placeholder="+34 600 000 000" type="tel" {...form.getInputProps('phone')} />
      <TextInput label="Email" type="email" {...form.getInputProps('email')} />
      <Select
        label="Source"
        placeholder="Other"
        data={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
        {...form.getInputProps('source')}
      />
      <Select label="Assigned to" placeholder="Unassigned" clearable searchable data={userOptions(users.data)} {...form.getInputProps('assigned_to')} />
      <TextInput label="Destination" {...form.getInputProps('destination')} />
      {compact ? null : (
        <>
          <Select
            label="Trip of interest"
            placeholder="None"
            clearable
            searchable
            data={(trips.data?.results ?? []).map((t) => ({ value: String(t.id), label: `${t.code} · ${t.title}` }))}
            {...form.getInputProps('trip_id')}
          />
          <NumberInput label="Travellers" min={1} max={1000} allowDecimal={false} {...form.getInputProps('travelers')} />
          <DatePickerInput label="Travel from" clearable valueFormat="D MMM YYYY" {...form.getInputProps('travel_start')} />
          <DatePickerInput label="Travel until" clearable valueFormat="D MMM YYYY" {...form.getInputProps('travel_end')} />
          <NumberInput label="Budget" min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('budget')} />
        </>
      )}
      <NumberInput label="Expected value" min={0} decimalScale={2} thousandSeparator="," {...form.getInputProps('expected_value')} />
      <TagsInput label="Tags" placeholder="Type and press Enter" maxTags={20} {...form.getInputProps('tags')} />
      {compact ? null : <TextInput label="Lost reason" {...form.getInputProps('lost_reason')} />}
      <Textarea label="Notes" autosize minRows={2} maxRows={8} style={{ gridColumn: '1 / -1' }} {...form.getInputProps('notes')} />
    </SimpleGrid>
  );
}
