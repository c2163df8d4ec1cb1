import { Badge } from '@mantine/core';
import { stageColor, stageLabel } from '../api';
import type { Stage } from '../types';

/** A stage as text in a coloured badge (the text carries the meaning, not the colour). */
export function StageBadge({ stages, stage }: { stages: Stage[] | undefined; stage: string }) {
  const info = stages?.find((s) => s.key === stage);
  return (
    <Badge color={stageColor(info)} variant="light" style={{ textTransform: 'none', minWidth: 'max-content' }}>
      {stageLabel(stages, stage)}
    </Badge>
  );
}
