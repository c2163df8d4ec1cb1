import { useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Group, Select, Skeleton, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format';
import { Chat } from '../whatsapp/Chat';
import { addNote, changeStage, leadEventsQuery, leadKeys, leadQuery, stagesQuery, type LeadEvent } from './api';

function describe(event: LeadEvent): string {
  const p = event.payload as Record<string, string | undefined>;
  switch (event.type) {
    case 'created':
      return `Lead created (${p.source ?? 'unknown source'})`;
    case 'stage_changed':
      return `Stage changed from ${p.from} to ${p.to}${p.note ? ` — ${p.note}` : ''}`;
    case 'note':
      return `Note: ${p.text}`;
    case 'message_in':
      return `Customer wrote: ${p.preview ?? ''}`;
    case 'message_out':
      return `Agency wrote: ${p.preview ?? ''}`;
    case 'task_created':
      return `Task planned: ${p.title}`;
    case 'task_completed':
      return `Task done: ${p.title}`;
    case 'booking_confirmed':
      return `Booking confirmed: ${p.trip_title ?? ''}`;
    case 'assigned':
      return 'Assignment changed';
    default:
      return event.type.replaceAll('_', ' ');
  }
}

export function LeadPage() {
  const id = Number(useParams().id);
  const client = useQueryClient();
  const lead = useQuery(leadQuery(id));
  const events = useQuery(leadEventsQuery(id));
  const stages = useQuery(stagesQuery());
  const [note, setNote] = useState('');
  const refresh = () => {
    client.invalidateQueries({ queryKey: leadKeys.detail(id) });
    client.invalidateQueries({ queryKey: leadKeys.events(id) });
    client.invalidateQueries({ queryKey: leadKeys.lists() });
  };
  const move = useMutation({ mutationFn: (stage: string) => changeStage(id, stage), onSuccess: refresh });
  const saveNote = useMutation({ mutationFn: () => addNote(id, note), onSuccess: () => { setNote(''); refresh(); } });

  if (lead.isError) return <Alert color="red" title="Lead not found">{lead.error.message}</Alert>;
  if (!lead.data) return <Skeleton h={400} />;
  const l = lead.data;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {l.name}
        </Title>
        <Select
          aria-label="Stage"
          w={220}
          value={l.stage}
          data={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
          onChange={(stage) => stage && stage !== l.stage && move.mutate(stage)}
        />
      </Group>
      {move.error && <Alert color="red">{move.error.message}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Stack gap={4}>
              <Text size="sm">Phone: {l.phone ?? '—'}</Text>
              <Text size="sm">Email: {l.email ?? '—'}</Text>
              <Text size="sm">Source: {l.source}</Text>
              <Text size="sm">Destination: {l.destination ?? '—'}</Text>
              <Text size="sm">
                Travel: {formatDate(l.travel_start)} – {formatDate(l.travel_end)}, {l.travelers ?? '?'} travellers
              </Text>
              <Text size="sm">Expected value: {formatMoney(l.expected_value)}</Text>
              <Group gap={4}>{l.tags.map((tag) => <Badge key={tag} variant="light">{tag}</Badge>)}</Group>
            </Stack>
          </Card>
          <Card withBorder mt="md">
            <Title order={2} size="h4" mb="xs">
              Timeline
            </Title>
            <Stack gap="xs" component="form" onSubmit={(e) => { e.preventDefault(); if (note.trim()) saveNote.mutate(); }}>
              <Textarea label="Add a note" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} />
              <Button type="submit" size="xs" disabled={!note.trim()} loading={saveNote.isPending}>
                Save note
              </Button>
            </Stack>
            <Timeline mt="md" bulletSize={14} lineWidth={2} aria-label="Timeline">
              {(events.data?.results ?? []).map((event) => (
                <Timeline.Item key={event.id} title={describe(event)}>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(event.created_at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              WhatsApp
            </Title>
            <Chat leadId={id} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
