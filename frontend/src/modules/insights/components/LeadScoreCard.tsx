import { Badge, Group, Paper, Progress, RingProgress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../../shared/format';
import { insightQueries } from '../api';
import type { ScoreFactor } from '../types';

function scoreColor(score: number): string {
  return score >= 70 ? 'teal' : score >= 40 ? 'yellow' : 'gray';
}

/** The lead's score and what moved it; nothing at all when the lead has no score or it cannot be loaded. */
export function LeadScoreCard({ leadId }: { leadId: number }) {
  const score = useQuery(insightQueries.score(leadId));
  if (score.isPending) return <Skeleton h={120} radius="md" aria-label="Loading the score" />;
  if (score.isError) return null;
  const data = score.data;
  const largest = Math.max(1, ...data.factors.map((f) => Math.abs(f.contribution)));
  return (
    <Paper component="section" aria-labelledby="lead-score-heading" withBorder p="md" radius="md">
      <Group justify="space-between" align="center" wrap="nowrap" mb="xs">
        <Title order={2} size="h4" id="lead-score-heading">
          Score
        </Title>
        <Badge variant="light" color={data.method === 'model' ? 'grape' : 'gray'} style={{ textTransform: 'none' }}>
          {data.method === 'model' ? 'Model' : 'Rules'}
        </Badge>
      </Group>
      <Group wrap="nowrap" align="center" gap="md">
        <RingProgress
          size={84}
          thickness={8}
          roundCaps
          sections={[{ value: Math.min(100, Math.max(0, data.score)), color: scoreColor(data.score) }]}
          label={
            <Text ta="center" fw={700} size="lg" aria-label={`Score ${data.score} of 100`}>
              {Math.round(data.score)}
            </Text>
          }
        />
        <Text size="xs" c="dimmed">
          {data.explanation}
          {data.model ? (
            <>
              {' '}
              ({data.model.algorithm}, trained {formatDateTime(data.model.trained_at)} on {data.model.training_leads} leads
              {data.model.auc !== null && data.model.auc !== undefined ? `, AUC ${data.model.auc.toFixed(2)}` : ''})
            </>
          ) : null}
        </Text>
      </Group>
      {data.factors.length > 0 ? (
        <Stack gap={6} mt="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Score factors">
          {data.factors.map((factor) => (
            <FactorRow key={factor.feature} factor={factor} largest={largest} />
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

function FactorRow({ factor, largest }: { factor: ScoreFactor; largest: number }) {
  const positive = factor.contribution >= 0;
  const text = `${positive ? '+' : '−'}${Math.abs(factor.contribution).toFixed(1)}`;
  return (
    <li>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" truncate>
          {factor.label}
          {factor.value ? (
            <Text component="span" size="xs" c="dimmed">
              {' '}
              · {factor.value}
            </Text>
          ) : null}
        </Text>
        <Text size="sm" fw={600} c={positive ? 'teal' : 'red'} style={{ flexShrink: 0 }}>
          {text}
        </Text>
      </Group>
      <Progress value={(Math.abs(factor.contribution) / largest) * 100} color={positive ? 'teal' : 'red'} size="xs" aria-hidden />
    </li>
  );
}
