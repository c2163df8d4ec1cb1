import { ActionIcon, Badge, Button, Indicator, Menu, Stack, Text } from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { http, type Page } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';

type Notification = { id: number; type: string; title: string; body: string | null; link: string | null; is_read: boolean; created_at: string };

export const notificationKeys = { all: ['notifications'] as const };

const notificationsQuery = () =>
  queryOptions({ queryKey: [...notificationKeys.all, 'list'], queryFn: ({ signal }) => http<Page<Notification>>('/api/notifications/?page_size=15', { signal }) });

const unreadQuery = () =>
  queryOptions({ queryKey: [...notificationKeys.all, 'unread'], queryFn: ({ signal }) => http<{ unread_count: number }>('/api/notifications/unread-count/', { signal }) });

export function NotificationBell() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const unread = useQuery(unreadQuery());
  const list = useQuery(notificationsQuery());
  const read = useMutation({
    mutationFn: (id: number) => http(`/api/notifications/${id}/read/`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const readAll = useMutation({
    mutationFn: () => http('/api/notifications/read-all/', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const count = unread.data?.unread_count ?? 0;
  const shown = count > 99 ? '99+' : String(count);
  return (
    <Menu width={340} position="bottom-end">
      <Menu.Target>
        <Indicator label={shown} size={16} disabled={count === 0}>
          <ActionIcon variant="subtle" aria-label={`Notifications, ${shown} unread`} size="lg">
            <svg aria-hidden width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.7 21a2 2 0 0 1-3.4 0" />
            </svg>
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Notifications</Menu.Label>
        {(list.data?.results ?? []).length === 0 && <Text size="sm" p="xs">Nothing yet.</Text>}
        {list.data?.results.map((n) => (
          <Menu.Item
            key={n.id}
            onClick={() => {
              if (!n.is_read) read.mutate(n.id);
              if (n.link) navigate(n.link);
            }}
          >
            <Stack gap={0}>
              <Text size="sm" fw={n.is_read ? 400 : 700}>
                {n.title} {!n.is_read && <Badge size="xs">new</Badge>}
              </Text>
              {n.body && <Text size="xs" c="dimmed" lineClamp={2}>{n.body}</Text>}
              <Text size="xs" c="dimmed">
                {formatDateTime(n.created_at)}
              </Text>
            </Stack>
          </Menu.Item>
        ))}
        {count > 0 && (
          <Button variant="subtle" size="xs" fullWidth onClick={() => readAll.mutate()}>
            Mark all read
          </Button>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
