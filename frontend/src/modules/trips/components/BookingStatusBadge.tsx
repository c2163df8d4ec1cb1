import { Badge } from '@mantine/core';

const colors: Record<string, string> = { pending: 'yellow', confirmed: 'green', cancelled: 'gray' };

export function BookingStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={colors[status] ?? 'blue'} style={{ textTransform: 'none' }}>
      {status.charAt(0).toUpperCase() + status.slice(1)}
    </Badge>
  );
}

export function SeatsBadge({ left, capacity }: { left: number; capacity: number }) {
  const color = left <= 0 ? 'red' : left <= Math.max(2, capacity * 0.2) ? 'orange' : 'green';
  return (
    <Badge variant="light" color={color} style={{ textTransform: 'none' }}>
      {left <= 0 ? 'Full' : `${left} of ${capacity} left`}
    </Badge>
  );
}
