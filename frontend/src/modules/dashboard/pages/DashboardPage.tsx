import { Alert, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { http } from '../../../shared/http';
import { formatMoney, formatPercent } from '../../../shared/format';

type Figure = { value: number; previous: number; change: number | null };
type Metrics = {
  range: { from: string; to: string };
  new_leads: Figure;
  total_leads: Figure;
  won: Figure;
  conversion_rate: Figure;
  revenue: Figure;
  bookings: Figure;
  average_deal_size: Figure;
  messages_in: Figure;
  messages_out: Figure;
  pipeline: { stage: string; label: string; leads: number; value: number }[];
  pipeline_value: number;
  tasks_overdue: number;
};

export const metricsKeys = { all: ['analytics'] as const };

const metricsQuery = () =>
  queryOptions({ queryKey: [...metricsKeys.all, 'metrics', 'last-30-days'], queryFn: ({ signal }) => http<Metrics>('/api/analytics/metrics/', { signal }) });

function MetricCard({ label, figure, format }: { label: string; figure: Figure; format: (v: number) => string }) {
  const change = figure.change === null ? 'new' : `${figure.change >= 0 ? '+' : ''}${formatPercent(figure.change)}`;
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-metric={label}>
        {format(Number(figure.value))}
      </Text>
      <Text size="xs" c={figure.change === null || figure.change >= 0 ? 'teal' : 'red'}>
        {change} vs previous 30 days
      </Text>
    </Card>
  );
}

export function DashboardPage() {
  const metrics = useQuery(metricsQuery());
  const count = (v: number) => new Intl.NumberFormat().format(v);
  if (metrics.isError) return <Alert color="red" title="Metrics could not be loaded">{metrics.error.message}</Alert>;
  if (!metrics.data) return <Skeleton h={400} />;
  const m = metrics.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Dashboard
        </Title>
        <Text size="sm" c="dimmed">
          Last 30 days
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <MetricCard label="New leads" figure={m.new_leads} format={count} />
        <MetricCard label="Revenue" figure={m.revenue} format={(v) => formatMoney(v)} />
        <MetricCard label="Conversion" figure={m.conversion_rate} format={formatPercent} />
        <MetricCard label="Deals won" figure={m.won} format={count} />
        <MetricCard label="Average deal" figure={m.average_deal_size} format={(v) => formatMoney(v)} />
        <MetricCard label="Messages in" figure={m.messages_in} format={count} />
        <MetricCard label="Messages out" figure={m.messages_out} format={count} />
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Tasks overdue
          </Text>
          <Text size="xl" fw={700}>
            {m.tasks_overdue}
          </Text>
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Open pipeline: {formatMoney(m.pipeline_value)}
        </Title>
        <Table aria-label="Pipeline by stage">
          <Table.Tbody>
            {m.pipeline.map((stage) => (
              <Table.Tr key={stage.stage}>
                <Table.Td>{stage.label}</Table.Td>
                <Table.Td>{stage.leads} leads</Table.Td>
                <Table.Td>{formatMoney(stage.value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
