import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from '../../../shared/zod';
import { authQueries, userOptions, userQueries } from '../../identity';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { useCreateTask } from '../api';
import type { Task, TaskPriority } from '../types';

const priorities = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent' },
];

const schema = z.object({
  title: z.string().trim().min(1, 'Give the task a title').max(200),
  description: z.string().max(5000),
  lead_id: z.union([z.literal(''), z.number().int().min(1)]),
});

export function CreateTaskModal({ opened, onClose, leadId, onCreated }: {
  opened: boolean;
  onClose: () => void;
  leadId?: number;
  onCreated?: (task: Task) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="New task">
      {opened ? <CreateTaskForm leadId={leadId} onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

/** `YYYY-MM-DD HH:mm:ss` in local time (the picker's value) → ISO instant. */
function toInstant(value: string | null): string | null {
  if (!value) return null;
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function CreateTaskForm({ leadId, onClose, onCreated }: { leadId?: number; onClose: () => void; onCreated?: (task: Task) => void }) {
  const users = useQuery(userQueries.list());
  const me = useQuery(authQueries.me());
  const create = useCreateTask();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<{ title: string; description: string; due_at: string | null; priority: TaskPriority; assigned_to: string | null; lead_id: number | string }>({
    initialValues: {
      title: '',
      description: '',
      due_at: null,
      priority: 'normal',
      assigned_to: me.data ? String(me.data.id) : null,
      lead_id: leadId ?? '',
    },
    validate: schemaResolver(schema, { sync: true }),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        create.mutate(
          {
            title: values.title.trim(),
            description: values.description.trim() || null,
            due_at: toInstant(values.due_at),
            priority: values.priority,
            assigned_to: values.assigned_to ? Number(values.assigned_to) : null,
            lead_id: values.lead_id === '' ? null : Number(values.lead_id),
          },
          {
            onSuccess: (task) => {
              notifications.show({ color: 'green', message: `Task “${task.title}” created` });
              onCreated?.(task);
              onClose();
            },
            onError: (error) => setAlert(applyProblemToForm(error, form)),
          },
        );
      })}
    >
      <Stack>
        <FormAlert message={alert} />
        <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <DateTimePicker label="Due" clearable valueFormat="D MMM YYYY HH:mm" placeholder="No due date" {...form.getInputProps('due_at')} />
        <Group grow>
          <Select label="Priority" data={priorities} allowDeselect={false} {...form.getInputProps('priority')} />
          <Select label="Assigned to" placeholder="Unassigned" clearable searchable data={userOptions(users.data)} {...form.getInputProps('assigned_to')} />
        </Group>
        {leadId === undefined ? <NumberInput label="Lead id (optional)" min={1} allowDecimal={false} {...form.getInputProps('lead_id')} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create task
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
