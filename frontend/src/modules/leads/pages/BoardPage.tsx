import { ActionIcon, Anchor, Badge, Box, Button, Group, Menu, Paper, ScrollArea, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { IconArrowsMove, IconBrandWhatsapp, IconGripVertical, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { userName, userQueries, type User } from '../../identity';
import { formatMoney } from '../../../shared/format';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { leadQueries, stageColor, useChangeStage } from '../api';
import { CreateLeadModal } from '../components/CreateLeadModal';
import { LeadFiltersBar } from '../components/LeadFiltersBar';
import { LeadsViewSwitch } from '../components/LeadsViewSwitch';
import type { LeadFilters } from '../filters';
import type { Lead, Stage } from '../types';
import { useLeadFilters } from '../useLeadFilters';

const COLUMN_SIZE = 50;

function columnFilters(filters: LeadFilters, stage: string): LeadFilters {
  return { ...filters, stage, page: 1, page_size: COLUMN_SIZE };
}

export function BoardPage() {
  const [filters, setFilters] = useLeadFilters();
  const stages = useQuery(leadQueries.stages());
  const users = useQuery(userQueries.list());
  const changeStage = useChangeStage();
  const [dragging, setDragging] = useState<Lead | null>(null);
  const [creating, { open, close }] = useDisclosure(false);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );

  const move = (lead: Lead, stage: string) => {
    if (lead.stage !== stage) changeStage.mutate({ lead, stage });
  };
  const onDragStart = (event: DragStartEvent) => setDragging((event.active.data.current?.lead as Lead | undefined) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const lead = event.active.data.current?.lead as Lead | undefined;
    const target = event.over?.id;
    if (lead && typeof target === 'string') move(lead, target);
  };
  const labelOf = (key: string) => stages.data?.find((s) => s.key === key)?.label ?? key;

  return (
    <>
      <PageTitle
        title="Pipeline"
        actions={
          <>
            <LeadsViewSwitch />
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              New lead
            </Button>
          </>
        }
      >
        Pipeline
      </PageTitle>
      <LeadFiltersBar filters={filters} setFilters={setFilters} hideStage />
      {stages.isError ? (
        <QueryError error={stages.error} onRetry={() => stages.refetch()} />
      ) : (
        <DndContext
          sensors={sensors}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
          accessibility={{
            announcements: {
              onDragStart: ({ active }) => `Picked up ${(active.data.current?.lead as Lead | undefined)?.name ?? 'lead'}.`,
              onDragOver: ({ over }) => (over ? `Over ${labelOf(String(over.id))}.` : 'Not over a stage.'),
              onDragEnd: ({ active, over }) =>
                over ? `Moved ${(active.data.current?.lead as Lead | undefined)?.name ?? 'lead'} to ${labelOf(String(over.id))}.` : 'Dropped outside the board.',
              onDragCancel: () => 'Move cancelled.',
            },
          }}
        >
          <ScrollArea type="auto" offsetScrollbars scrollbarSize={10}>
            <Group align="flex-start" gap="sm" wrap="nowrap" pb="sm">
              {stages.isPending
                ? Array.from({ length: 5 }, (_, i) => <Skeleton key={i} w={260} h={320} radius="md" />)
                : stages.data.map((stage) => (
                    <Column
                      key={stage.key}
                      stage={stage}
                      stages={stages.data}
                      filters={columnFilters(filters, stage.key)}
                      users={users.data}
                      onMove={move}
                    />
                  ))}
            </Group>
          </ScrollArea>
          <DragOverlay dropAnimation={null}>
            {dragging ? <CardBody lead={dragging} users={users.data} overlay /> : null}
          </DragOverlay>
        </DndContext>
      )}
      <CreateLeadModal opened={creating} onClose={close} />
    </>
  );
}

function Column({ stage, stages, filters, users, onMove }: {
  stage: Stage;
  stages: Stage[];
  filters: LeadFilters;
  users: User[] | undefined;
  onMove: (lead: Lead, stage: string) => void;
}) {
  const leads = useQuery({ ...leadQueries.list(filters), placeholderData: keepPreviousData });
  const { isOver, setNodeRef } = useDroppable({ id: stage.key });
  const headingId = `stage-${stage.key}`;
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={headingId}
      withBorder
      radius="md"
      p="xs"
      w={260}
      miw={260}
      bg={isOver ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-default-hover)'}
      style={{ transition: 'background-color 120ms' }}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h6" id={headingId}>
          {stage.label}
        </Title>
        <Badge variant="light" color={stageColor(stage)} aria-label={`${leads.data?.count ?? 0} leads`}>
          {leads.data?.count ?? '…'}
        </Badge>
      </Group>
      <Stack gap="xs" mih={80}>
        {leads.isPending ? (
          <>
            <Skeleton h={64} radius="sm" />
            <Skeleton h={64} radius="sm" />
          </>
        ) : leads.isError && !leads.data ? (
          <QueryError error={leads.error} onRetry={() => leads.refetch()} />
        ) : leads.data.results.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="md">
            No leads
          </Text>
        ) : (
          leads.data.results.map((lead) => (
            <DraggableCard key={lead.id} lead={lead} stages={stages} users={users} onMove={onMove} />
          ))
        )}
        {leads.data && leads.data.count > leads.data.results.length ? (
          <Text size="xs" c="dimmed" ta="center">
            Showing {leads.data.results.length} of {leads.data.count}: narrow the filters to see the rest
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function DraggableCard({ lead, stages, users, onMove }: {
  lead: Lead;
  stages: Stage[];
  users: User[] | undefined;
  onMove: (lead: Lead, stage: string) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `lead-${lead.id}`, data: { lead } });
  return (
    <Box ref={setNodeRef} style={{ opacity: isDragging ? 0.4 : 1 }} data-lead-id={lead.id}>
      <CardBody
        lead={lead}
        users={users}
        handle={
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={`Drag ${lead.name}`}
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
          >
            <IconGripVertical size={16} aria-hidden />
          </ActionIcon>
        }
        menu={
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${lead.name} to…`}>
                <IconArrowsMove size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to…</Menu.Label>
              {stages
                .filter((s) => s.key !== lead.stage)
                .map((s) => (
                  <Menu.Item key={s.key} onClick={() => onMove(lead, s.key)}>
                    {s.label}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        }
      />
    </Box>
  );
}

function CardBody({ lead, users, handle, menu, overlay = false }: {
  lead: Lead;
  users: User[] | undefined;
  handle?: React.ReactNode;
  menu?: React.ReactNode;
  overlay?: boolean;
}) {
  return (
    <Paper withBorder radius="sm" p="xs" shadow={overlay ? 'lg' : 'xs'} style={overlay ? { cursor: 'grabbing', width: 240 } : undefined}>
      <Group gap={4} wrap="nowrap" align="flex-start">
        {handle ?? <IconGripVertical size={16} aria-hidden style={{ marginTop: 4 }} />}
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={4} wrap="nowrap">
            {lead.is_whatsapp ? <IconBrandWhatsapp size={14} color="var(--mantine-color-green-6)" aria-label="WhatsApp" /> : null}
            {overlay ? (
              <Text size="sm" fw={600} truncate>
                {lead.name}
              </Text>
            ) : (
              <Anchor component={Link} to={`/leads/${lead.id}`} size="sm" fw={600} lineClamp={2} style={{ wordBreak: 'break-word' }}>
                {lead.name}
              </Anchor>
            )}
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {[lead.destination, lead.expected_value !== null ? formatMoney(lead.expected_value) : null].filter(Boolean).join(' · ') || lead.phone || '—'}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {userName(users, lead.assigned_to)}
          </Text>
        </Stack>
        {menu}
      </Group>
    </Paper>
  );
}
