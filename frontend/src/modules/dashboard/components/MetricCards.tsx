import { Card, Group, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { formatMoney } from '../../../shared/format';
import { describeChange, metricSpecs, type MetricSpec } from '../metrics';
import type { Figure, Metrics } from '../types';

const toneColor = { good: 'teal', bad: 'red', neutral: 'dimmed' } as const;

function MetricCard({ spec, figure }: { spec: MetricSpec; figure: Figure }) {
  const change = describeChange(figure, spec.lowerIsBetter);
  const Icon = change.direction === 'up' ? IconArrowUpRight : change.direction === 'down' ? IconArrowDownRight : IconMinus;
  return (
    <Card withBorder padding="sm" component="section" aria-label={spec.label}>
      <Text size="sm" c="dimmed" lineClamp={1}>
        {spec.label}
      </Text>
      <Text size="xl" fw={700} data-metric={spec.label}>
        {spec.format(Number(figure.value))}
      </Text>
      <Group gap={4} wrap="nowrap" c={toneColor[change.tone]}>
        <Icon size={14} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="xs" c="inherit" style={{ whiteSpace: 'nowrap' }}>
          {change.text}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          vs {spec.format(Number(figure.previous))}
        </Text>
      </Group>
    </Card>
  );
}

export function MetricCards({ metrics }: { metrics: Metrics }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      {metricSpecs(metrics).map((spec) =>
        metrics[spec.key] ? <MetricCard key={spec.key} spec={spec} figure={metrics[spec.key]} /> : null,
      )}
      <Card withBorder padding="sm" component="section" aria-label="Open pipeline">
        <Text size="sm" c="dimmed">
          Open pipeline
        </Text>
        <Text size="xl" fw={700}>
          {formatMoney(metrics.pipeline_value)}
        </Text>
        <Text size="xs" c="dimmed">
          {metrics.pipeline.reduce((sum, stage) => sum + stage.leads, 0)} open leads · {metrics.tasks_overdue} tasks overdue
        </Text>
      </Card>
    </SimpleGrid>
  );
}

export function MetricCardsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-busy="true" aria-label="Loading figures">
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} h={92} />
      ))}
    </SimpleGrid>
  );
}
