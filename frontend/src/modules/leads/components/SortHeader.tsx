import { Table, UnstyledButton, Group, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { Ordering } from '../filters';

/** A column header that sorts by `field` (ascending first, then descending). */
export function SortHeader({ field, label, ordering, onSort }: {
  field: string;
  label: string;
  ordering: Ordering;
  onSort: (ordering: Ordering) => void;
}) {
  const ascending = ordering === field;
  const descending = ordering === `-${field}`;
  const next = (ascending ? `-${field}` : field) as Ordering;
  return (
    <Table.Th aria-sort={ascending ? 'ascending' : descending ? 'descending' : 'none'}>
      <UnstyledButton onClick={() => onSort(next)} aria-label={`Sort by ${label}${ascending ? ', descending' : ''}`}>
        <Group gap={4} wrap="nowrap">
          <Text fw={700} size="sm">
            {label}
          </Text>
          {ascending ? <IconArrowUp size={14} aria-hidden /> : descending ? <IconArrowDown size={14} aria-hidden /> : <IconArrowsSort size={14} aria-hidden opacity={0.4} />}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
