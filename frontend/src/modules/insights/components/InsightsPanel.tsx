import { Anchor, Badge, Button, Collapse, DataList, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertOctagon, IconAlertTriangle, IconBulb, IconChevronDown, IconChevronRight, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { formatRelative } from '../../../shared/format';
import { useRefetchErrorToast } from '../../../shared/useRefetchErrorToast';
import { Empty } from '../../../shared/ui/Empty';
import { QueryError } from '../../../shared/ui/QueryError';
import { bySeverity, insightQueries, internalLink } from '../api';
import type { Insight, Severity } from '../types';

const SEVERITY: Record<Severity, { label: string; color: string; icon: typeof IconInfoCircle }> = {
  critical: { label: 'Critical', color: 'red', icon: IconAlertOctagon },
  warning: { label: 'Warning', color: 'orange', icon: IconAlertTriangle },
  info: { label: 'Info', color: 'blue', icon: IconInfoCircle },
};

const ITEMS_SHOWN = 5;

/** What needs attention now, most urgent first; each insight says how it was computed. */
export function InsightsPanel() {
  const insights = useQuery(insightQueries.list());
  useRefetchErrorToast(insights, 'Insights could not be refreshed');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="insights-heading" h="100%">
      <Group justify="space-between" align="baseline" mb="sm" gap="xs">
        <Title order={2} size="h4" id="insights-heading">
          Insights
        </Title>
        {insights.data ? (
          <Text size="xs" c="dimmed">
            Updated {formatRelative(insights.data.generated_at)}
          </Text>
        ) : null}
      </Group>
      {insights.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading insights">
          <Skeleton h={90} />
          <Skeleton h={90} />
          <Skeleton h={90} />
        </Stack>
      ) : insights.isError && !insights.data ? (
        <QueryError error={insights.error} onRetry={() => insights.refetch()} title="Insights could not be loaded" />
      ) : insights.data.insights.length === 0 ? (
        <Empty title="Nothing needs attention" description="Insights appear here when leads wait, trips fill up or a source changes." icon={<IconBulb aria-hidden />} />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {bySeverity(insights.data.insights).map((insight, index) => (
            <li key={`${insight.kind}-${index}`}>
              <InsightCard insight={insight} />
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export function InsightCard({ insight }: { insight: Insight }) {
  const [open, { toggle }] = useDisclosure(false);
  const [allItems, { toggle: toggleItems }] = useDisclosure(false);
  const explanationId = useId();
  const severity = SEVERITY[insight.severity] ?? SEVERITY.info;
  const Icon = severity.icon;
  const items = allItems ? insight.items : insight.items.slice(0, ITEMS_SHOWN);
  const action = internalLink(insight.action?.link);
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={insight.title} style={{ borderLeft: `4px solid var(--mantine-color-${severity.color}-filled)` }}>
      <Group gap="xs" wrap="nowrap" align="flex-start" mb={4}>
        <Badge color={severity.color} variant="light" leftSection={<Icon size={12} aria-hidden />} style={{ flexShrink: 0 }}>
          {severity.label}
        </Badge>
        <Title order={3} size="h6">
          {insight.title}
        </Title>
      </Group>
      <Text size="sm">{insight.summary}</Text>
      {items.length > 0 ? (
        <Stack component="ul" gap={2} mt="xs" pl="md" style={{ margin: 0 }}>
          {items.map((item) => {
            const to = internalLink(item.link);
            return (
              <Text component="li" size="sm" key={`${item.type}-${item.id}`}>
                {to ? (
                  <Anchor component={Link} to={to} size="sm">
                    {item.name}
                  </Anchor>
                ) : (
                  item.name
                )}
                {item.detail ? (
                  <Text component="span" size="xs" c="dimmed">
                    {' '}
                    · {item.detail}
                  </Text>
                ) : null}
              </Text>
            );
          })}
        </Stack>
      ) : null}
      {insight.items.length > ITEMS_SHOWN ? (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={toggleItems}>
          {allItems ? 'Show fewer' : `Show all ${insight.items.length}`}
        </Button>
      ) : null}
      <Group justify="space-between" mt="xs" gap="xs" wrap="wrap">
        <UnstyledButton onClick={toggle} aria-expanded={open} aria-controls={explanationId} fz="xs" c="dimmed">
          <Group gap={4} wrap="nowrap">
            {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
            How is this computed?
          </Group>
        </UnstyledButton>
        {insight.action && action ? (
          <Button component={Link} to={action} size="xs" variant="light" color={severity.color}>
            {insight.action.label}
          </Button>
        ) : null}
      </Group>
      <Collapse expanded={open} id={explanationId}>
        <Stack gap="xs" mt="xs">
          <Text size="xs">{insight.explanation}</Text>
          {insight.evidence.length > 0 ? (
            <DataList size="xs" gap={4} labelWidth={140} aria-label="Evidence">
              {insight.evidence.map((e) => (
                <DataList.Item key={e.label}>
                  <DataList.ItemLabel>{e.label}</DataList.ItemLabel>
                  <DataList.ItemValue>{e.value}</DataList.ItemValue>
                </DataList.Item>
              ))}
            </DataList>
          ) : null}
        </Stack>
      </Collapse>
    </Paper>
  );
}
