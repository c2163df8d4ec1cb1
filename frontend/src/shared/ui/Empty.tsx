import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

export function Empty({ title, description, icon, action }: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState title={title} description={description} icon={icon} py="xl" variant="light">
      {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
    </EmptyState>
  );
}
