import { Progress, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { http, type Page } from '../../shared/http';
import { formatDate, formatMoney } from '../../shared/format';

type Trip = { id: number; code: string; title: string; destination: string; start_date: string; price: number; currency: string; capacity: number; seats_booked: number; seats_left: number; revenue: number; status: string };

export function TripsPage() {
  const trips = useQuery({ queryKey: ['trips', 'upcoming'], queryFn: ({ signal }) => http<Page<Trip>>('/trips/?upcoming=true&page_size=100', { signal }) });
  return (
    <Stack>
      <Title order={1} size="h2">
        Upcoming trips
      </Title>
      {trips.isPending ? (
        <Skeleton h={300} />
      ) : trips.data?.results.length === 0 ? (
        <Text c="dimmed">No upcoming trips.</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label="Trips">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Trip</Table.Th>
                <Table.Th>Departs</Table.Th>
                <Table.Th>Price</Table.Th>
                <Table.Th>Seats left</Table.Th>
                <Table.Th>Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trips.data?.results.map((trip) => (
                <Table.Tr key={trip.id}>
                  <Table.Td>
                    {trip.title}
                    <Text size="xs" c="dimmed">
                      {trip.code} · {trip.destination}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDate(trip.start_date)}</Table.Td>
                  <Table.Td>{formatMoney(trip.price, trip.currency)}</Table.Td>
                  <Table.Td>
                    {trip.seats_left} of {trip.capacity}
                    <Progress value={(trip.seats_booked / Math.max(1, trip.capacity)) * 100} size="sm" aria-label={`${trip.seats_booked} seats booked`} />
                  </Table.Td>
                  <Table.Td>{formatMoney(trip.revenue, trip.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
