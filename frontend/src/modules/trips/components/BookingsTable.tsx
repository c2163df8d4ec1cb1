import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { errorMessage, isApiError } from '../../../shared/http';
import { formatDateTime, formatMoney } from '../../../shared/format';
import { useBookingAction } from '../api';
import type { Booking, Trip } from '../types';
import { BookingStatusBadge } from './BookingStatusBadge';

/** Bookings with their confirm/cancel actions; shows the trip (on a lead) or the lead (on a trip). */
export function BookingsTable({ bookings, show, trips, onChanged }: {
  bookings: Booking[];
  show: 'trip' | 'lead';
  trips?: Trip[];
  onChanged?: () => void;
}) {
  const action = useBookingAction();
  const run = (booking: Booking, what: 'confirm' | 'cancel') =>
    action.mutate(
      { id: booking.id, action: what },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: what === 'confirm' ? 'Booking confirmed' : 'Booking cancelled' });
          onChanged?.();
        },
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: isApiError(error, 409) && what === 'confirm' ? 'Not enough seats' : `Could not ${what} the booking`,
            message: errorMessage(error),
          }),
      },
    );
  const tripOf = (id: number) => trips?.find((t) => t.id === id);
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{show === 'trip' ? 'Trip' : 'Lead'}</Table.Th>
            <Table.Th>Travellers</Table.Th>
            <Table.Th>Amount</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>
              <Text component="span" size="sm" fw={700}>Actions</Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bookings.map((booking) => {
            const trip = tripOf(booking.trip_id);
            const busy = action.isPending && action.variables?.id === booking.id;
            return (
              <Table.Tr key={booking.id}>
                <Table.Td>
                  {show === 'trip' ? (
                    <Anchor component={Link} to={`/trips/${booking.trip_id}`} size="sm">
                      {trip ? `${trip.code} · ${trip.title}` : `Trip #${booking.trip_id}`}
                    </Anchor>
                  ) : (
                    <Anchor component={Link} to={`/leads/${booking.lead_id}`} size="sm">
                      Lead #{booking.lead_id}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>{booking.travelers}</Table.Td>
                <Table.Td>{formatMoney(booking.amount, booking.currency)}</Table.Td>
                <Table.Td>
                  <BookingStatusBadge status={booking.status} />
                </Table.Td>
                <Table.Td>{formatDateTime(booking.created_at)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {booking.status === 'pending' ? (
                      <Button size="compact-xs" variant="light" color="green" loading={busy && action.variables?.action === 'confirm'} onClick={() => run(booking, 'confirm')} aria-label={`Confirm booking ${booking.id}`}>
                        Confirm
                      </Button>
                    ) : null}
                    {booking.status !== 'cancelled' ? (
                      <Button size="compact-xs" variant="subtle" color="red" loading={busy && action.variables?.action === 'cancel'} onClick={() => run(booking, 'cancel')} aria-label={`Cancel booking ${booking.id}`}>
                        Cancel
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
