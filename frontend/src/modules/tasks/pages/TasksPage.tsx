import { Button, Group, Pagination, Select, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Empty } from '../../../shared/ui/Empty';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { TableSkeleton } from '../../../shared/ui/TableSkeleton';
import { taskQueries } from '../api';
import { CreateTaskModal } from '../components/CreateTaskModal';
import { TaskList } from '../components/TaskList';
import { parseTaskSearch, taskSearchToParams, taskViewQuery, type TaskSearch, type TaskView } from '../views';

const viewLabels: Record<TaskView, string> = { mine: 'My tasks', today: 'Due today', overdue: 'Overdue', all: 'All tasks' };

export function TasksPage() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseTaskSearch(params), [params]);
  const query = useMemo(() => taskViewQuery(search), [search]);
  const tasks = useQuery({ ...taskQueries.list(query), placeholderData: keepPreviousData });
  const [opened, { open, close }] = useDisclosure(false);
  const set = (patch: Partial<TaskSearch>) => setParams(taskSearchToParams({ ...search, page: 1, ...patch }));
  const total = tasks.data ? Math.max(1, Math.ceil(tasks.data.count / 25)) : 1;
  return (
    <>
      <PageTitle
        title="Tasks"
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            New task
          </Button>
        }
      >
        Tasks
      </PageTitle>
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap" gap="xs">
        <Tabs value={search.view} onChange={(value) => value && set({ view: value as TaskView })}>
          <Tabs.List>
            {(Object.keys(viewLabels) as TaskView[]).map((view) => (
              <Tabs.Tab key={view} value={view}>
                {viewLabels[view]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Select
          label="Status"
          size="xs"
          w={150}
          allowDeselect={false}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'in_progress', label: 'In progress' },
            { value: 'done', label: 'Done' },
            { value: 'cancelled', label: 'Cancelled' },
            { value: 'any', label: 'Any status' },
          ]}
          value={search.status}
          onChange={(value) => value && set({ status: value as TaskSearch['status'] })}
        />
      </Group>
      {tasks.isPending ? (
        <TableSkeleton rows={5} />
      ) : tasks.isError && !tasks.data ? (
        <QueryError error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : tasks.data.results.length === 0 ? (
        <Empty
          icon={<IconChecklist aria-hidden />}
          title="Nothing to do here"
          description={search.view === 'overdue' ? 'No task is overdue.' : 'No task matches this view.'}
          action={
            <Button variant="light" onClick={open}>
              New task
            </Button>
          }
        />
      ) : (
        <>
          <TaskList tasks={tasks.data.results} />
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">
              {tasks.data.count} {tasks.data.count === 1 ? 'task' : 'tasks'}
            </Text>
            {total > 1 ? <Pagination total={total} value={search.page} onChange={(page) => setParams(taskSearchToParams({ ...search, page }))} size="sm" /> : null}
          </Group>
        </>
      )}
      <CreateTaskModal opened={opened} onClose={close} />
    </>
  );
}
