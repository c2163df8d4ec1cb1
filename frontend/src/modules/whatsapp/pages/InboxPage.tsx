import { Badge, Card, Grid, Group, NavLink, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatDateTime } from '../../../shared/format';
import { conversationsQuery } from '../api';
import { Chat } from '../components/Chat';

export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') ?? '';
  const selected = Number(useParams().leadId) || undefined;
  const conversations = useQuery(conversationsQuery(filter));

  return (
    <Stack>
      <Title order={1} size="h2">
        Inbox
      </Title>
      <SegmentedControl
        value={filter || 'all'}
        onChange={(value) => setParams(value === 'all' ? {} : { filter: value }, { replace: true })}
        data={[
          { value: 'all', label: 'All' },
          { value: 'unread', label: 'Unread' },
          { value: 'mine', label: 'Mine' },
          { value: 'unassigned', label: 'Unassigned' },
        ]}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder p={0}>
            {conversations.isPending ? (
              <Skeleton h={300} />
            ) : conversations.data?.results.length === 0 ? (
              <Text p="md" c="dimmed">
                No conversations here yet.
              </Text>
            ) : (
              <nav aria-label="Conversations">
                {conversations.data?.results.map((c) => (
                  <NavLink
                    key={c.lead_id}
                    component={Link}
                    to={`/inbox/${c.lead_id}${filter ? `?filter=${filter}` : ''}`}
                    active={c.lead_id === selected}
                    label={
                      <Group justify="space-between" wrap="nowrap">
                        <Text size="sm" fw={c.unread_count ? 700 : 400} truncate>
                          {c.lead_name}
                        </Text>
                        {c.unread_count > 0 && (
                          <Badge size="sm" color="green" aria-label={`${c.unread_count} unread`}>
                            {c.unread_count}
                          </Badge>
                        )}
                      </Group>
                    }
                    description={`${c.last_direction === 'out' ? 'You: ' : ''}${c.last_message_preview ?? ''} · ${formatDateTime(c.last_message_at)}`}
                  />
                ))}
              </nav>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder>{selected ? <Chat key={selected} leadId={selected} /> : <Text c="dimmed">Pick a conversation.</Text>}</Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
