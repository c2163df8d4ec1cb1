import { useState } from 'react';
import { Alert, Button, Card, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { http } from '../../../shared/http';

/** Write as a customer: the message reaches Tripdesk through its signed webhook, exactly as from Meta. */
export function SimulatorPage() {
  const [phone, setPhone] = useState('+34 611 222 333');
  const [name, setName] = useState('Lucia Fernandez');
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string[]>([]);
  const write = useMutation({
    mutationFn: () => http<{ wamid: string }>('/api/whatsapp/sandbox/messages/', { method: 'POST', body: { phone, name, text } }),
    onSuccess: () => {
      setSent([text, ...sent]);
      setText('');
    },
  });
  return (
    <Stack maw={560}>
      <Title order={1} size="h2">
        Customer simulator
      </Title>
      <Text c="dimmed" size="sm">
        The WhatsApp sandbox: write as a customer and watch the conversation arrive in the inbox.
      </Text>
      <Card withBorder component="form" onSubmit={(e) => { e.preventDefault(); write.mutate(); }}>
        <Stack>
          {write.error && <Alert color="red">{write.error.message}</Alert>}
          <TextInput label="Customer phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
          <TextInput label="Customer name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Textarea label="Message" value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} />
          <Button type="submit" disabled={!text.trim()} loading={write.isPending}>
            Send as customer
          </Button>
        </Stack>
      </Card>
      {sent.map((message, index) => (
        <Text key={index} size="sm">
          Sent: {message}
        </Text>
      ))}
    </Stack>
  );
}
