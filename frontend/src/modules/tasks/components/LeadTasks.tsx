import { Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { QueryError } from '../../../shared/ui/QueryError';
import { taskQueries } from '../api';
import { CreateTaskModal } from './CreateTaskModal';
import { TaskList } from './TaskList';

/** A lead's tasks, for the lead page; `onChanged` lets the lead refresh its timeline. */
export function LeadTasks({ leadId, onChanged }: { leadId: number; onChanged?: () => void }) {
  const tasks = useQuery(taskQueries.list({ lead: leadId, ordering: 'due_at', page_size: 50 }));
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Tasks
        </Title>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={open}>
          New task
        </Button>
      </Group>
      {tasks.isPending ? (
        <Skeleton h={60} />
      ) : tasks.isError && !tasks.data ? (
        <QueryError error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : tasks.data.results.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tasks for this lead.
        </Text>
      ) : (
        <TaskList tasks={tasks.data.results} showLead={false} onCompleted={onChanged} />
      )}
      <CreateTaskModal opened={opened} onClose={close} leadId={leadId} onCreated={onChanged} />
    </Stack>
  );
}
