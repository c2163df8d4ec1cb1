import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { http } from '../../shared/http';
import type { AnalyticsParams } from './filters';
import type { Dashboard } from './types';

export const analyticsKeys = {
  all: ['analytics'] as const,
  dashboard: (params: AnalyticsParams) => [...analyticsKeys.all, 'dashboard', params] as const,
};

export const analyticsQueries = {
  dashboard: (params: AnalyticsParams) =>
    queryOptions({
      queryKey: analyticsKeys.dashboard(params),
      queryFn: ({ signal }) => http<Dashboard>('/api/analytics/dashboard/', { query: { ...params }, signal }),
      // A new range keeps showing the last figures until its own arrive.
      placeholderData: keepPreviousData,
    }),
};
