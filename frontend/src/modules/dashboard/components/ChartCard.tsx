import { Anchor, Card, Group, Skeleton, Text, Title } from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Empty } from '../../../shared/ui/Empty';
import { isEmptyChart } from '../charts';
import { chartCsvUrl, type AnalyticsParams } from '../filters';
import type { Chart, ChartName } from '../types';

/**
 * One chart of the dashboard: its title, how it is computed, a CSV download with the dashboard's
 * parameters, and a skeleton, an empty state or the chart itself.
 */
export function ChartCard({ name, fallbackTitle, chart, params, loading, children }: {
  name: ChartName;
  fallbackTitle: string;
  chart: Chart | undefined;
  params: AnalyticsParams;
  loading: boolean;
  children: (chart: Chart) => ReactNode;
}) {
  const title = chart?.title ?? fallbackTitle;
  const headingId = `chart-${name}`;
  const empty = !loading && isEmptyChart(chart);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} data-chart-card={name} data-chart-state={loading ? 'loading' : empty ? 'empty' : 'ready'} miw={0}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs" wrap="nowrap">
        <Title order={2} size="h5" id={headingId}>
          {title}
        </Title>
        <Anchor href={chartCsvUrl(chart?.chart ?? name, params)} download size="xs" style={{ whiteSpace: 'nowrap' }} aria-label={`Download CSV: ${title}`}>
          <Group gap={4} wrap="nowrap">
            <IconDownload size={14} aria-hidden />
            Download CSV
          </Group>
        </Anchor>
      </Group>
      {loading ? (
        <Skeleton h={240} />
      ) : empty || !chart ? (
        <Empty title="No leads in this range" description="Pick a longer range or clear the filters." />
      ) : (
        <>
          {children(chart)}
          {chart.explanation ? (
            <Group gap={4} mt="xs" wrap="nowrap" align="flex-start">
              <IconInfoCircle size={14} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="xs" c="dimmed">
                {chart.explanation}
              </Text>
            </Group>
          ) : null}
        </>
      )}
    </Card>
  );
}
