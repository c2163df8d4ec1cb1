import { Anchor, Badge, Group, Pagination, SegmentedControl, Select, Table, Text, TextInput } from '@mantine/core';
import { IconPlane, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDate, formatMoney } from '../../../shared/format';
import { useDebouncedInput } from '../../../shared/useDebouncedCallbackValue';
import { Empty } from '../../../shared/ui/Empty';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { TableSkeleton } from '../../../shared/ui/TableSkeleton';
import { tripQueries } from '../api';
import { SeatsBadge } from '../components/BookingStatusBadge';
import { parseTripFilters, tripFiltersToSearchParams, type TripFilters } from '../filters';

export function TripsPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseTripFilters(params), [params]);
  const set = (patch: Partial<TripFilters>, replace = false) =>
    setParams((current) => tripFiltersToSearchParams({ ...parseTripFilters(current), page: 1, ...patch }), { replace });
  const trips = useQuery({ ...tripQueries.list(filters), placeholderData: keepPreviousData });
  const search = useDebouncedInput(filters.search ?? '', (value) => set({ search: value.trim() || undefined }, true));
  const total = trips.data ? Math.max(1, Math.ceil(trips.data.count / filters.page_size)) : 1;
  return (
    <>
      <PageTitle title="Trips">Trips</PageTitle>
      <Group gap="xs" align="flex-end" mb="sm" wrap="wrap" role="search" aria-label="Filter trips">
        <TextInput
          label="Search"
          placeholder="Title, code or destination"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.value}
          onChange={(e) => search.onChange(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={[
            { value: 'open', label: 'Open' },
            { value: 'draft', label: 'Draft' },
            { value: 'closed', label: 'Closed' },
            { value: 'cancelled', label: 'Cancelled' },
          ]}
          value={filters.status ?? null}
          onChange={(value) => set({ status: (value as TripFilters['status']) ?? undefined })}
          w={{ base: 'calc(50% - 4px)', xs: 150 }}
        />
        <SegmentedControl
          aria-label="Departures"
          value={filters.upcoming ? 'upcoming' : 'all'}
          onChange={(value) => set({ upcoming: value === 'upcoming' ? 'true' : undefined })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'upcoming', label: 'Upcoming' },
          ]}
        />
      </Group>
      {trips.isPending ? (
        <TableSkeleton />
      ) : trips.isError && !trips.data ? (
        <QueryError error={trips.error} onRetry={() => trips.refetch()} />
      ) : trips.data.results.length === 0 ? (
        <Empty icon={<IconPlane aria-hidden />} title="No trips found" description="Admins add trips to the catalogue; change the filters to see more." />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" style={{ opacity: trips.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Trip</Table.Th>
                  <Table.Th>Destination</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th>Price</Table.Th>
                  <Table.Th>Seats</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Revenue</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {trips.data.results.map((trip) => (
                  <Table.Tr key={trip.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/trips/${trip.id}`} size="sm" fw={500}>
                        {trip.title}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {trip.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{trip.destination}</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(trip.start_date)} – {formatDate(trip.end_date)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatMoney(trip.price, trip.currency)}</Table.Td>
                    <Table.Td>
                      <SeatsBadge left={trip.seats_left} capacity={trip.capacity} />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={trip.status === 'open' ? 'blue' : 'gray'} style={{ textTransform: 'none' }}>
                        {trip.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatMoney(trip.revenue, trip.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm" c="dimmed">
              {trips.data.count} trips
            </Text>
            <Pagination total={total} value={Math.min(filters.page, total)} onChange={(page) => set({ page })} size="sm" getItemProps={(page) => ({ 'aria-label': `Page ${page}` })} />
          </Group>
        </>
      )}
    </>
  );
}
