export type { Booking, Trip } from './types';
export { bookingKeys, bookingQueries, tripKeys, tripQueries } from './api';
export { LeadBookings } from './components/LeadBookings';
