import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { userQueries } from '../../identity';
import { errorMessage } from '../../../shared/http';
import { leadQueries, useBulkUpdate } from '../api';

/** Changes to the selected leads: assign (or unassign) and move to a stage. */
export function BulkBar({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const users = useQuery(userQueries.list());
  const stages = useQuery(leadQueries.stages());
  const bulk = useBulkUpdate();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const run = (change: { assigned_to?: number | null; stage?: string }, what: string) =>
    bulk.mutate(
      { ids, ...change },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'green', message: `${result.updated} ${result.updated === 1 ? 'lead' : 'leads'} ${what}` });
          onDone();
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Bulk change failed', message: errorMessage(error) }),
      },
    );
  return (
    <Paper component="section" withBorder p="xs" mb="sm" radius="md" aria-label="Bulk actions">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Text size="sm" fw={600} aria-live="polite">
          {ids.length} selected
        </Text>
        <Group gap={4} align="flex-end" wrap="nowrap">
          <Select
            label="Assign to"
            placeholder="Pick a user"
            size="xs"
            searchable
            data={[{ value: 'none', label: 'Nobody (unassign)' }, ...(users.data ?? []).filter((u) => u.is_active).map((u) => ({ value: String(u.id), label: u.name }))]}
            value={assignee}
            onChange={setAssignee}
            w={170}
          />
          <Button
            size="xs"
            disabled={!assignee}
            loading={bulk.isPending && bulk.variables?.assigned_to !== undefined}
            onClick={() => assignee && run({ assigned_to: assignee === 'none' ? null : Number(assignee) }, 'reassigned')}
          >
            Assign
          </Button>
        </Group>
        <Group gap={4} align="flex-end" wrap="nowrap">
          <Select
            label="Move to stage"
            placeholder="Pick a stage"
            size="xs"
            data={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
            value={stage}
            onChange={setStage}
            w={170}
          />
          <Button size="xs" disabled={!stage} loading={bulk.isPending && bulk.variables?.stage !== undefined} onClick={() => stage && run({ stage }, 'moved')}>
            Move
          </Button>
        </Group>
        <Button size="xs" variant="subtle" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
