import { queryOptions } from '@tanstack/react-query';
import { http } from '../../shared/http';
import type { Insight, Insights, LeadScore, Severity } from './types';

export const insightKeys = {
  all: ['insights'] as const,
  list: () => [...insightKeys.all, 'list'] as const,
  score: (leadId: number) => [...insightKeys.all, 'score', leadId] as const,
};

export const insightQueries = {
  list: () =>
    queryOptions({
      queryKey: insightKeys.list(),
      queryFn: ({ signal }) => http<Insights>('/api/insights/', { signal }),
    }),
  score: (leadId: number) =>
    queryOptions({
      queryKey: insightKeys.score(leadId),
      queryFn: ({ signal }) => http<LeadScore>(`/api/insights/scores/${leadId}/`, { signal }),
      // A lead without a score is normal (404): no retries, the card just stays away.
      retry: false,
    }),
};

const severityRank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The most urgent first; the API's order is kept within a severity. */
export function bySeverity(insights: Insight[]): Insight[] {
  return insights
    .map((insight, index) => ({ insight, index }))
    .sort((a, b) => (severityRank[a.insight.severity] ?? 3) - (severityRank[b.insight.severity] ?? 3) || a.index - b.index)
    .map(({ insight }) => insight);
}

/** Only app-internal links are followed in the app; anything else is not a link of ours. */
export function internalLink(link: string | null | undefined): string | undefined {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : undefined;
}
