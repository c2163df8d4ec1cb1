import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, SegmentedControl, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ApiError, http, query, type Page } from '../../shared/http';
import { formatDateTime } from '../../shared/format';
import { meQuery } from '../auth/api';

export type Task = { id: number; title: string; due_at: string | null; priority: string; status: string; is_overdue: boolean; lead_id: number | null };

export const taskKeys = { all: ['tasks'] as const, list: (view: string) => ['tasks', 'list', view] as const };

const views: Record<string, Record<string, string>> = {
  mine: { assigned_to: 'me', status: 'open,in_progress' },
  overdue: { overdue: 'true' },
  today: { status: 'open,in_progress', due_before: new Date(new Date().setHours(24, 0, 0, 0)).toISOString() },
  done: { status: 'done', ordering: '-due_at' },
};

const tasksQuery = (view: string) =>
  queryOptions({ queryKey: taskKeys.list(view), queryFn: ({ signal }) => http<Page<Task>>(`/tasks/${query({ ...views[view], page_size: 100 })}`, { signal }) });

export function TasksPage() {
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') ?? 'mine';
  const tasks = useQuery(tasksQuery(view));
  const me = useQuery(meQuery());
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const create = useMutation({
    // A task added here is the signed-in user's own follow-up.
    mutationFn: () =>
      http<Task>('/tasks/', { method: 'POST', body: { title, due_at: due ? new Date(due).toISOString() : null, assigned_to: me.data?.id } }),
    onSuccess: () => {
      setTitle('');
      setDue('');
      client.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const complete = useMutation({
    mutationFn: (id: number) => http<Task>(`/tasks/${id}/complete/`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: taskKeys.all }),
  });
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};

  return (
    <Stack>
      <Title order={1} size="h2">
        Tasks
      </Title>
      <SegmentedControl
        value={view}
        onChange={(value) => setParams({ view: value }, { replace: true })}
        data={[
          { value: 'mine', label: 'My tasks' },
          { value: 'today', label: 'Due today' },
          { value: 'overdue', label: 'Overdue' },
          { value: 'done', label: 'Done' },
        ]}
      />
      <Group align="flex-end" component="form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <TextInput label="New task" placeholder="Call back about the Bali quote" value={title} error={errors.title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1 }} />
        <TextInput label="Due" type="datetime-local" value={due} error={errors.due_at} onChange={(e) => setDue(e.currentTarget.value)} />
        <Button type="submit" disabled={!title.trim()} loading={create.isPending}>
          Add task
        </Button>
      </Group>
      {create.error && !Object.keys(errors).length && <Alert color="red">{create.error.message}</Alert>}
      {tasks.isPending ? (
        <Skeleton h={200} />
      ) : tasks.data?.results.length === 0 ? (
        <Text c="dimmed">Nothing here.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Tasks">
            <Table.Tbody>
              {tasks.data?.results.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td w={40}>
                    <Checkbox
                      aria-label={`Complete ${task.title}`}
                      checked={task.status === 'done'}
                      disabled={task.status === 'done'}
                      onChange={() => complete.mutate(task.id)}
                    />
                  </Table.Td>
                  <Table.Td>{task.title}</Table.Td>
                  <Table.Td>{formatDateTime(task.due_at)}</Table.Td>
                  <Table.Td>
                    {task.is_overdue && <Badge color="red">Overdue</Badge>} <Badge variant="light">{task.priority}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
