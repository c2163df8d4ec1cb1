import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, type Page } from '../../shared/http';
import type { Booking, Trip } from './types';

export interface TripListParams {
  search?: string;
  status?: string;
  upcoming?: 'true';
  destination?: string;
  ordering?: string;
  page: number;
  page_size: number;
}

export interface BookingListParams {
  lead?: number;
  trip?: number;
  status?: string;
  page?: number;
  page_size?: number;
}

export const tripKeys = {
  all: ['trips'] as const,
  lists: () => [...tripKeys.all, 'list'] as const,
  list: (params: TripListParams) => [...tripKeys.lists(), params] as const,
  detail: (id: number) => [...tripKeys.all, 'detail', id] as const,
};

export const bookingKeys = {
  all: ['bookings'] as const,
  lists: () => [...bookingKeys.all, 'list'] as const,
  list: (params: BookingListParams) => [...bookingKeys.lists(), params] as const,
};

export const tripQueries = {
  list: (params: TripListParams) =>
    queryOptions({
      queryKey: tripKeys.list(params),
      queryFn: ({ signal }) => http<Page<Trip>>('/api/trips/', { query: { ...params }, signal }),
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: tripKeys.detail(id),
      queryFn: ({ signal }) => http<Trip>(`/api/trips/${id}/`, { signal }),
    }),
};

export const bookingQueries = {
  list: (params: BookingListParams) =>
    queryOptions({
      queryKey: bookingKeys.list(params),
      queryFn: ({ signal }) => http<Page<Booking>>('/api/bookings/', { query: { page_size: 100, ...params }, signal }),
    }),
};

function useInvalidateBookings() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: bookingKeys.all }),
      client.invalidateQueries({ queryKey: tripKeys.all }),
    ]);
}

export interface NewBooking {
  lead_id: number;
  trip_id: number;
  travelers: number;
  amount?: number | null;
  notes?: string | null;
}

export function useCreateBooking() {
  const invalidate = useInvalidateBookings();
  return useMutation({
    mutationFn: (body: NewBooking) => http<Booking>('/api/bookings/', { method: 'POST', body }),
    onSettled: invalidate,
  });
}

export function useBookingAction() {
  const invalidate = useInvalidateBookings();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'confirm' | 'cancel' }) =>
      http<Booking>(`/api/bookings/${id}/${action}/`, { method: 'POST' }),
    onSettled: invalidate,
  });
}
