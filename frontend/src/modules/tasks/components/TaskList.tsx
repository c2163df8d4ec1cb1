import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { userName, userQueries } from '../../identity';
import { errorMessage } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';
import { useCompleteTask } from '../api';
import type { Task } from '../types';

const priorityColor: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
const statusLabel: Record<string, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };

export function TaskList({ tasks, showLead = true, onCompleted }: { tasks: Task[]; showLead?: boolean; onCompleted?: (task: Task) => void }) {
  const users = useQuery(userQueries.list());
  const complete = useCompleteTask();
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Tasks">
      {tasks.map((task) => {
        const finished = task.status === 'done' || task.status === 'cancelled';
        return (
          <Paper component="li" key={task.id} withBorder radius="sm" p="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={500} size="sm" td={finished ? 'line-through' : undefined} style={{ wordBreak: 'break-word' }}>
                  {task.title}
                </Text>
                <Group gap={6} wrap="wrap">
                  <Badge size="sm" variant="light" color={priorityColor[task.priority] ?? 'blue'} style={{ textTransform: 'none' }}>
                    {task.priority}
                  </Badge>
                  <Badge size="sm" variant="outline" color={finished ? 'green' : 'gray'} style={{ textTransform: 'none' }}>
                    {statusLabel[task.status] ?? task.status}
                  </Badge>
                  {task.is_overdue && !finished ? (
                    <Badge size="sm" color="red" variant="filled" style={{ textTransform: 'none' }}>
                      Overdue
                    </Badge>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    Due {formatDateTime(task.due_at)} · {userName(users.data, task.assigned_to)}
                  </Text>
                  {showLead && task.lead_id !== null ? (
                    <Anchor component={Link} to={`/leads/${task.lead_id}`} size="xs">
                      Lead #{task.lead_id}
                    </Anchor>
                  ) : null}
                </Group>
                {task.description ? (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {task.description}
                  </Text>
                ) : null}
              </Stack>
              {finished ? null : (
                <Button
                  size="compact-sm"
                  variant="light"
                  color="green"
                  leftSection={<IconCheck size={14} aria-hidden />}
                  aria-label={`Complete ${task.title}`}
                  loading={complete.isPending && complete.variables?.id === task.id}
                  onClick={() =>
                    complete.mutate(task, {
                      onSuccess: (done) => {
                        notifications.show({ color: 'green', message: `Done: ${done.title}` });
                        onCompleted?.(done);
                      },
                      onError: (error) => notifications.show({ color: 'red', title: 'Not completed', message: errorMessage(error) }),
                    })
                  }
                >
                  Complete
                </Button>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
