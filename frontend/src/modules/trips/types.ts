export type TripStatus = 'draft' | 'open' | 'closed' | 'cancelled';

export interface Trip {
  id: number;
  code: string;
  title: string;
  destination: string;
  description: string | null;
  start_date: string;
  end_date: string;
  price: string | number;
  currency: string;
  capacity: number;
  seats_booked: number;
  seats_left: number;
  status: TripStatus | string;
  revenue: string | number;
  confirmed_bookings: number;
  created_at: string;
  updated_at: string;
}

export type BookingStatus = 'pending' | 'confirmed' | 'cancelled';

export interface Booking {
  id: number;
  lead_id: number;
  trip_id: number;
  travelers: number;
  amount: string | number;
  currency: string;
  status: BookingStatus | string;
  notes: string | null;
  created_by: number | null;
  created_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
}
