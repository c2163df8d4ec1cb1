import { Button, Group, Modal, NumberInput, Select, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from '../../../shared/zod';
import { formatDate, formatMoney } from '../../../shared/format';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { QueryError } from '../../../shared/ui/QueryError';
import { bookingQueries, tripQueries, useCreateBooking } from '../api';
import { BookingsTable } from './BookingsTable';

const openTrips = { status: 'open', upcoming: 'true' as const, ordering: 'start_date', page: 1, page_size: 100 };

/** The bookings of one lead, for the lead page. `onChanged` lets the lead refresh its timeline. */
export function LeadBookings({ leadId, onChanged }: { leadId: number; onChanged?: () => void }) {
  const bookings = useQuery(bookingQueries.list({ lead: leadId }));
  const trips = useQuery(tripQueries.list({ page: 1, page_size: 200, ordering: '-start_date' }));
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Bookings
        </Title>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={open}>
          New booking
        </Button>
      </Group>
      {bookings.isPending ? (
        <Skeleton h={60} />
      ) : bookings.isError && !bookings.data ? (
        <QueryError error={bookings.error} onRetry={() => bookings.refetch()} />
      ) : bookings.data.results.length === 0 ? (
        <Text size="sm" c="dimmed">
          No bookings yet.
        </Text>
      ) : (
        <BookingsTable bookings={bookings.data.results} show="trip" trips={trips.data?.results} onChanged={onChanged} />
      )}
      <Modal opened={opened} onClose={close} title="New booking">
        {opened ? (
          <CreateBookingForm
            leadId={leadId}
            onDone={() => {
              close();
              onChanged?.();
            }}
            onCancel={close}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

const bookingSchema = z.object({
  trip_id: z.string({ message: 'Pick a trip' }).min(1, 'Pick a trip'),
  travelers: z.number({ message: 'How many travel?' }).int().min(1, 'At least 1').max(1000),
  amount: z.union([z.literal(''), z.number().min(0)]),
  notes: z.string().max(5000),
});

function CreateBookingForm({ leadId, onDone, onCancel }: { leadId: number; onDone: () => void; onCancel: () => void }) {
  const trips = useQuery(tripQueries.list(openTrips));
  const create = useCreateBooking();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<{ trip_id: string | null; travelers: number | string; amount: number | string; notes: string }>({
    initialValues: { trip_id: null, travelers: 1, amount: '', notes: '' },
    validate: schemaResolver(bookingSchema, { sync: true }),
  });
  const trip = trips.data?.results.find((t) => String(t.id) === form.values.trip_id);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        create.mutate(
          {
            lead_id: leadId,
            trip_id: Number(values.trip_id),
            travelers: Number(values.travelers),
            amount: values.amount === '' ? null : Number(values.amount),
            notes: values.notes.trim() || null,
          },
          {
            onSuccess: () => {
              notifications.show({ color: 'green', message: 'Booking created' });
              onDone();
            },
            onError: (error) => setAlert(applyProblemToForm(error, form)),
          },
        );
      })}
    >
      <Stack>
        <FormAlert message={alert} />
        {trips.isError ? <QueryError error={trips.error} onRetry={() => trips.refetch()} /> : null}
        <Select
          label="Trip"
          required
          searchable
          placeholder={trips.isPending ? 'Loading trips…' : 'Pick an open trip'}
          nothingFoundMessage="No open upcoming trip"
          data={(trips.data?.results ?? []).map((t) => ({
            value: String(t.id),
            label: `${t.code} · ${t.title} (${formatDate(t.start_date)}, ${t.seats_left} left)`,
            disabled: t.seats_left <= 0,
          }))}
          {...form.getInputProps('trip_id')}
        />
        <NumberInput label="Travellers" required min={1} max={1000} allowDecimal={false} {...form.getInputProps('travelers')} />
        <NumberInput
          label="Amount"
          description={trip ? `Default: ${formatMoney(Number(trip.price) * Number(form.values.travelers || 0), trip.currency)}` : 'Default: the trip price per traveller'}
          min={0}
          decimalScale={2}
          {...form.getInputProps('amount')}
        />
        <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create booking
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
