import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Image, Paper, ScrollArea, Select, Skeleton, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';
import { conversationQuery, markRead, messagesQuery, sendTemplate, sendText, templatesQuery, whatsappKeys, type Message } from '../api';

const statusText: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  accepted: 'Accepted',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  played: 'Played',
  failed: 'Failed',
};

/** A lead's WhatsApp conversation: messages with their statuses, and the composer the 24-hour window allows. */
export function Chat({ leadId }: { leadId: number }) {
  const client = useQueryClient();
  const messages = useQuery(messagesQuery(leadId));
  const conversation = useQuery(conversationQuery(leadId));
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (conversation.data && conversation.data.unread_count > 0) {
      markRead(leadId).then((updated) => {
        client.setQueryData(whatsappKeys.conversation(leadId), updated);
        client.invalidateQueries({ queryKey: ['whatsapp', 'conversations'] });
      });
    }
  }, [conversation.data, leadId, client]);

  const ordered = [...(messages.data?.results ?? [])].reverse();
  useEffect(() => {
    // Newer browsers return a promise from scrollIntoView: never hand it to React as a cleanup.
    void bottom.current?.scrollIntoView?.({ block: 'end' });
    // Scroll to the newest message whenever one arrives: the count is the trigger, on purpose.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [ordered.length]);

  return (
    <Stack gap="sm">
      {messages.isPending ? (
        <Skeleton h={200} />
      ) : ordered.length === 0 ? (
        <Text c="dimmed">No WhatsApp messages yet.</Text>
      ) : (
        <ScrollArea.Autosize mah={460} type="auto">
          <Stack gap="xs" aria-live="polite" aria-label="Messages">
            {ordered.map((message) => (
              <MessageBubble key={message.id} message={message} />
            ))}
            <div ref={bottom} />
          </Stack>
        </ScrollArea.Autosize>
      )}
      <Composer leadId={leadId} windowOpen={conversation.data?.window.open ?? false} />
    </Stack>
  );
}

function MessageBubble({ message }: { message: Message }) {
  const outbound = message.direction === 'out';
  return (
    <Group justify={outbound ? 'flex-end' : 'flex-start'}>
      <Paper p="xs" radius="md" maw="80%" withBorder bg={outbound ? 'var(--mantine-color-blue-light)' : undefined}>
        {message.type === 'image' && message.media_id && (
          <Image src={`/api/whatsapp/media/${message.media_id}/`} alt={message.body ?? 'Photo from the customer'} maw={240} radius="sm" mb={4} />
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {message.type === 'template' ? `Template: ${message.body}` : (message.body ?? `[${message.type}]`)}
        </Text>
        <Group gap={6} mt={4}>
          <Text size="xs" c="dimmed">
            {formatDateTime(message.created_at)}
          </Text>
          {outbound && (
            <Badge size="xs" variant="light" color={message.status === 'failed' ? 'red' : message.status === 'read' ? 'blue' : 'gray'}>
              {statusText[message.status] ?? message.status}
            </Badge>
          )}
          {message.customer_reaction && <Text size="xs" aria-label="Customer's reaction">{message.customer_reaction}</Text>}
        </Group>
        {message.status === 'failed' && message.error_detail && (
          <Text size="xs" c="red" mt={4}>
            {message.error_detail}
          </Text>
        )}
      </Paper>
    </Group>
  );
}

function Composer({ leadId, windowOpen }: { leadId: number; windowOpen: boolean }) {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const templates = useQuery({ ...templatesQuery(), enabled: !windowOpen });
  const [template, setTemplate] = useState<string | null>(null);
  const [values, setValues] = useState<string[]>([]);
  const refresh = () => {
    client.invalidateQueries({ queryKey: whatsappKeys.messages(leadId) });
    client.invalidateQueries({ queryKey: whatsappKeys.conversation(leadId) });
  };
  const send = useMutation({
    mutationFn: () => sendText(leadId, text, key),
    onSuccess: () => {
      setText('');
      setKey(crypto.randomUUID());
      refresh();
    },
  });
  const chosen = templates.data?.find((t) => `${t.name}|${t.language}` === template);
  const sendChosen = useMutation({
    mutationFn: () => sendTemplate(leadId, chosen!.name, chosen!.language, values),
    onSuccess: () => {
      setTemplate(null);
      setValues([]);
      refresh();
    },
  });

  if (!windowOpen) {
    return (
      <Stack gap="xs">
        <Alert color="yellow" title="Template needed">
          The customer has not written in the last 24 hours, so WhatsApp only allows an approved template.
        </Alert>
        <Select
          label="Template"
          placeholder="Pick a template"
          value={template}
          data={(templates.data ?? []).filter((t) => t.status === 'APPROVED').map((t) => ({ value: `${t.name}|${t.language}`, label: `${t.name} (${t.language})` }))}
          onChange={(value) => {
            setTemplate(value);
            const picked = templates.data?.find((t) => `${t.name}|${t.language}` === value);
            setValues(Array.from({ length: picked?.body_parameters ?? 0 }, () => ''));
          }}
        />
        {values.map((value, index) => (
          <TextInput key={index} label={`Value ${index + 1}`} value={value} onChange={(e) => setValues(values.map((v, i) => (i === index ? e.currentTarget.value : v)))} />
        ))}
        {sendChosen.error && <Alert color="red">{sendChosen.error.message}</Alert>}
        <Button disabled={!chosen || values.some((v) => !v.trim())} loading={sendChosen.isPending} onClick={() => sendChosen.mutate()}>
          Send template
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="xs" component="form" onSubmit={(e) => { e.preventDefault(); if (text.trim()) send.mutate(); }}>
      {send.error && <Alert color="red">{send.error instanceof ApiError ? send.error.message : 'Not sent'}</Alert>}
      <Textarea
        label="Reply"
        placeholder="Write a reply — Enter sends, Shift+Enter for a new line"
        autosize
        minRows={2}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            if (text.trim()) send.mutate();
          }
        }}
      />
      <Group justify="flex-end">
        <Button type="submit" loading={send.isPending} disabled={!text.trim()}>
          Send
        </Button>
      </Group>
    </Stack>
  );
}
