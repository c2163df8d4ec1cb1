import { Button, Group, Skeleton, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import {
  IconArrowRight,
  IconCalendarCheck,
  IconCheck,
  IconMessageCircle,
  IconNote,
  IconPencil,
  IconPlus,
  IconUser,
  IconX,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from '../../../shared/zod';
import { userName, userQueries } from '../../identity';
import { formatDateTime } from '../../../shared/format';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { QueryError } from '../../../shared/ui/QueryError';
import { leadQueries, useAddNote } from '../api';
import { describeEvent, stageLookup } from '../eventText';

const icons: Record<string, React.ReactNode> = {
  created: <IconPlus size={12} aria-hidden />,
  updated: <IconPencil size={12} aria-hidden />,
  assigned: <IconUser size={12} aria-hidden />,
  stage_changed: <IconArrowRight size={12} aria-hidden />,
  note: <IconNote size={12} aria-hidden />,
  message_in: <IconMessageCircle size={12} aria-hidden />,
  message_out: <IconMessageCircle size={12} aria-hidden />,
  task_created: <IconPlus size={12} aria-hidden />,
  task_completed: <IconCheck size={12} aria-hidden />,
  booking_created: <IconCalendarCheck size={12} aria-hidden />,
  booking_confirmed: <IconCalendarCheck size={12} aria-hidden />,
  booking_cancelled: <IconX size={12} aria-hidden />,
};

export function LeadTimeline({ leadId }: { leadId: number }) {
  const events = useInfiniteQuery(leadQueries.events(leadId));
  const stages = useQuery(leadQueries.stages());
  const users = useQuery(userQueries.list());
  const stageLabel = stageLookup(stages.data);
  const all = events.data?.pages.flatMap((p) => p.results) ?? [];
  return (
    <Stack gap="sm">
      <NoteForm leadId={leadId} />
      {events.isPending ? (
        <Stack gap="xs">
          <Skeleton h={40} />
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : events.isError && !events.data ? (
        <QueryError error={events.error} onRetry={() => events.refetch()} />
      ) : all.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing has happened yet.
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} aria-label="Timeline">
          {all.map((event) => {
            const { title, body } = describeEvent(event, stageLabel, (id) => userName(users.data, id));
            return (
              <Timeline.Item key={event.id} bullet={icons[event.type] ?? <IconPencil size={12} aria-hidden />} title={title}>
                {body ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {body}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {formatDateTime(event.created_at)}
                  {event.actor_id !== null ? ` · ${userName(users.data, event.actor_id)}` : ''}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {events.hasNextPage ? (
        <Button variant="subtle" size="xs" loading={events.isFetchingNextPage} onClick={() => events.fetchNextPage()}>
          Show older events
        </Button>
      ) : null}
    </Stack>
  );
}

function NoteForm({ leadId }: { leadId: number }) {
  const add = useAddNote(leadId);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: { text: '' },
    validate: schemaResolver(z.object({ text: z.string().trim().min(1, 'Write something first').max(10_000) }), { sync: true }),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ text }) => {
        setAlert(null);
        add.mutate(text.trim(), {
          onSuccess: () => form.reset(),
          onError: (error) => setAlert(applyProblemToForm(error, form)),
        });
      })}
    >
      <Stack gap="xs">
        <FormAlert message={alert} />
        <Textarea label="Add a note" autosize minRows={2} maxRows={6} {...form.getInputProps('text')} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={add.isPending}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
