import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../shared/http';
import { formatDate, formatMoney } from '../../../shared/format';
import { Empty } from '../../../shared/ui/Empty';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { bookingQueries, tripQueries } from '../api';
import { SeatsBadge } from '../components/BookingStatusBadge';
import { BookingsTable } from '../components/BookingsTable';

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
    </Paper>
  );
}

export function TripPage() {
  const id = Number(useParams().id);
  const trip = useQuery({ ...tripQueries.detail(id), enabled: id > 0 });
  const bookings = useQuery({ ...bookingQueries.list({ trip: id, page_size: 200 }), enabled: id > 0 });
  if (!(id > 0) || isApiError(trip.error, 404)) {
    return (
      <>
        <PageTitle title="Trip not found">Trip not found</PageTitle>
        <Empty title="There is no such trip" />
      </>
    );
  }
  if (trip.isPending) return <Skeleton h={300} />;
  if (trip.isError) return <QueryError error={trip.error} onRetry={() => trip.refetch()} />;
  const t = trip.data;
  return (
    <>
      <Anchor component={Link} to="/trips" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> Trips
        </Group>
      </Anchor>
      <PageTitle title={t.title}>{t.title}</PageTitle>
      <Group gap="xs" mt={-8} mb="md">
        <Badge variant="outline" style={{ textTransform: 'none' }}>
          {t.code}
        </Badge>
        <Badge variant="light" style={{ textTransform: 'none' }}>
          {t.status}
        </Badge>
        <SeatsBadge left={t.seats_left} capacity={t.capacity} />
        <Text size="sm" c="dimmed">
          {t.destination} · {formatDate(t.start_date)} – {formatDate(t.end_date)}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        <Stat label="Price" value={formatMoney(t.price, t.currency)} />
        <Stat label="Seats left" value={`${t.seats_left} / ${t.capacity}`} />
        <Stat label="Confirmed bookings" value={t.confirmed_bookings} />
        <Stat label="Revenue" value={formatMoney(t.revenue, t.currency)} />
      </SimpleGrid>
      {t.description ? (
        <Text mb="md" style={{ whiteSpace: 'pre-wrap' }}>
          {t.description}
        </Text>
      ) : null}
      <Stack gap="sm">
        <Title order={2} size="h4">
          Bookings
        </Title>
        {bookings.isPending ? (
          <Skeleton h={80} />
        ) : bookings.isError && !bookings.data ? (
          <QueryError error={bookings.error} onRetry={() => bookings.refetch()} />
        ) : bookings.data.results.length === 0 ? (
          <Text c="dimmed" size="sm">
            No bookings yet. Book a lead from its page.
          </Text>
        ) : (
          <BookingsTable bookings={bookings.data.results} show="lead" />
        )}
      </Stack>
    </>
  );
}
