import { Grid, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { InsightsPanel } from '../../insights';
import { leadQueries } from '../../leads';
import { formatDate } from '../../../shared/format';
import { useRefetchErrorToast } from '../../../shared/useRefetchErrorToast';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { analyticsQueries } from '../api';
import { ChartCard } from '../components/ChartCard';
import { ChartTable, FunnelChart, LeadTrendChart, ResponseTimesChart, RevenueChart, SourcesChart, StagesChart } from '../components/Charts';
import { DashboardFiltersBar } from '../components/DashboardFiltersBar';
import { MetricCards, MetricCardsSkeleton } from '../components/MetricCards';
import { analyticsParams } from '../filters';
import { useDashboardFilters } from '../useDashboardFilters';

export function DashboardPage() {
  const [filters, setFilters] = useDashboardFilters();
  const params = useMemo(() => analyticsParams(filters), [filters]);
  const dashboard = useQuery(analyticsQueries.dashboard(params));
  const sources = useQuery(leadQueries.sources());
  useRefetchErrorToast(dashboard, 'The dashboard could not be refreshed');
  // Data of another range (kept while the new one loads) is not shown as this range's.
  const failed = dashboard.isError && (!dashboard.data || dashboard.isPlaceholderData);
  const data = failed ? undefined : dashboard.data;
  const loading = !data;
  const stale = dashboard.isPlaceholderData && dashboard.isFetching;
  const charts = data?.charts ?? {};
  const labelOf = (source: string) => sources.data?.find((s) => s.key === source)?.label ?? source;
  const card = { params, loading };
  const range = data?.metrics.range;
  return (
    <>
      <PageTitle title="Dashboard">Dashboard</PageTitle>
      <DashboardFiltersBar filters={filters} setFilters={setFilters} />
      <Stack gap="md">
        {range ? (
          <Text size="sm" c="dimmed" mt={-8} aria-live="polite">
            {formatDate(range.from)} – {formatDate(range.to)}, compared with {formatDate(range.previous_from)} – {formatDate(range.previous_to)}
            {range.time_zone ? ` (${range.time_zone})` : ''}
          </Text>
        ) : null}
        {failed ? (
          <QueryError error={dashboard.error} onRetry={() => dashboard.refetch()} title="The dashboard could not be loaded" />
        ) : data ? (
          <MetricCards metrics={data.metrics} />
        ) : (
          <MetricCardsSkeleton />
        )}
        {failed ? (
          <InsightsPanel />
        ) : (
          <Stack gap="md" aria-busy={stale} style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 150ms' }}>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <Stack gap="md">
                  <ChartCard name="lead_trend" fallbackTitle="New leads by source" chart={charts.lead_trend} {...card}>
                    {(chart) => <LeadTrendChart chart={chart} />}
                  </ChartCard>
                  <ChartCard name="revenue" fallbackTitle="Revenue" chart={charts.revenue} {...card}>
                    {(chart) => <RevenueChart chart={chart} />}
                  </ChartCard>
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <InsightsPanel />
              </Grid.Col>
            </Grid>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <ChartCard name="sources" fallbackTitle="Leads by source" chart={charts.sources} {...card}>
                {(chart) => <SourcesChart chart={chart} labelOf={labelOf} />}
              </ChartCard>
              <ChartCard name="stages" fallbackTitle="Leads by stage" chart={charts.stages} {...card}>
                {(chart) => <StagesChart chart={chart} />}
              </ChartCard>
              <ChartCard name="funnel" fallbackTitle="Funnel" chart={charts.funnel} {...card}>
                {(chart) => <FunnelChart chart={chart} />}
              </ChartCard>
              <ChartCard name="response_times" fallbackTitle="First response times" chart={charts.response_times} {...card}>
                {(chart) => <ResponseTimesChart chart={chart} />}
              </ChartCard>
            </SimpleGrid>
            <ChartCard name="leaderboard" fallbackTitle="Agents" chart={charts.leaderboard} {...card}>
              {(chart) => <ChartTable chart={chart} label="Agent leaderboard" />}
            </ChartCard>
            <ChartCard name="attribution_sources" fallbackTitle="Attribution by source" chart={charts.attribution_sources} {...card}>
              {(chart) => <ChartTable chart={chart} label="Attribution by source" />}
            </ChartCard>
            <ChartCard name="attribution_ads" fallbackTitle="Attribution by ad" chart={charts.attribution_ads} {...card}>
              {(chart) => <ChartTable chart={chart} label="Attribution by ad" />}
            </ChartCard>
          </Stack>
        )}
      </Stack>
    </>
  );
}
