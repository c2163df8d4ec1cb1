import { Anchor, Badge, Button, Grid, Group, Paper, Select, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBrandWhatsapp, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { authQueries } from '../../identity';
import { LeadScoreCard } from '../../insights';
import { LeadTasks } from '../../tasks';
import { LeadBookings } from '../../trips';
import { errorMessage, isApiError } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';
import { applyProblemToForm } from '../../../shared/problem';
import { Empty } from '../../../shared/ui/Empty';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { leadKeys, leadQueries, useChangeStage, useDeleteLead, useUpdateLead } from '../api';
import { LeadFields } from '../components/LeadFields';
import { LeadTimeline } from '../components/LeadTimeline';
import { StageBadge } from '../components/StageBadge';
import { formToLeadInput, leadFormSchema, leadToForm } from '../leadForm';
import type { Lead } from '../types';

export function LeadPage() {
  const id = Number(useParams().id);
  const lead = useQuery({ ...leadQueries.detail(id), enabled: Number.isInteger(id) && id > 0 });
  const client = useQueryClient();
  const onChanged = () => client.invalidateQueries({ queryKey: leadKeys.detail(id) });

  if (!Number.isInteger(id) || id <= 0 || isApiError(lead.error, 404)) {
    return (
      <>
        <PageTitle title="Lead not found">Lead not found</PageTitle>
        <Empty title="There is no such lead" description="It may have been deleted, or it is not yours to see." action={<Button component={Link} to="/leads">Back to leads</Button>} />
      </>
    );
  }
  if (lead.isPending) {
    return (
      <Stack>
        <Skeleton h={36} w={260} />
        <Skeleton h={300} />
      </Stack>
    );
  }
  if (lead.isError) {
    return <QueryError error={lead.error} onRetry={() => lead.refetch()} />;
  }
  const data = lead.data;
  return (
    <>
      <Anchor component={Link} to="/leads" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> Leads
        </Group>
      </Anchor>
      <PageTitle title={data.name} actions={<DeleteLead lead={data} />}>
        {data.name}
      </PageTitle>
      <Group gap="xs" mt={-8} mb="md" wrap="wrap">
        <LeadStageBadge lead={data} />
        {data.is_whatsapp ? (
          <Badge color="green" variant="light" leftSection={<IconBrandWhatsapp size={12} aria-hidden />} style={{ textTransform: 'none' }}>
            WhatsApp
          </Badge>
        ) : null}
        {data.score !== null ? <Badge variant="outline" style={{ textTransform: 'none' }}>Score {data.score}</Badge> : null}
        <Text size="xs" c="dimmed">
          Created {formatDateTime(data.created_at)} · last message {formatDateTime(data.last_inbound_at)}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper component="section" aria-label="Details" withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="sm">
                Details
              </Title>
              <LeadDetailsForm key={data.updated_at} lead={data} />
            </Paper>
            <Paper component="section" aria-label="Tasks" withBorder p="md" radius="md">
              <LeadTasks leadId={data.id} onChanged={onChanged} />
            </Paper>
            <Paper component="section" aria-label="Bookings" withBorder p="md" radius="md">
              <LeadBookings leadId={data.id} onChanged={onChanged} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <LeadScoreCard leadId={data.id} />
            <Paper component="section" aria-label="Stage" withBorder p="md" radius="md">
              <StageChanger lead={data} />
            </Paper>
            <Paper component="section" aria-label="Timeline" withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="sm">
                Timeline
              </Title>
              <LeadTimeline leadId={data.id} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function LeadStageBadge({ lead }: { lead: Lead }) {
  const stages = useQuery(leadQueries.stages());
  return <StageBadge stages={stages.data} stage={lead.stage} />;
}

function LeadDetailsForm({ lead }: { lead: Lead }) {
  const update = useUpdateLead(lead.id);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({ initialValues: leadToForm(lead), validate: schemaResolver(leadFormSchema, { sync: true }) });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        const body = formToLeadInput(values, (field) => form.isDirty(field));
        if (Object.keys(body).length === 0) return;
        update.mutate(body, {
          onSuccess: () => notifications.show({ color: 'green', message: 'Lead saved' }),
          onError: (error) => setAlert(applyProblemToForm(error, form)),
        });
      })}
    >
      <Stack>
        <FormAlert message={alert} />
        <LeadFields form={form} />
        <Group justify="flex-end">
          <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StageChanger({ lead }: { lead: Lead }) {
  const stages = useQuery(leadQueries.stages());
  const change = useChangeStage();
  const [stage, setStage] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Stage
      </Title>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label="Move to"
          placeholder="Pick a stage"
          data={(stages.data ?? []).filter((s) => s.key !== lead.stage).map((s) => ({ value: s.key, label: s.label }))}
          value={stage}
          onChange={setStage}
          w={{ base: '100%', xs: 180 }}
        />
        <TextInput label="Note (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} maxLength={2000} />
        <Button
          disabled={!stage}
          loading={change.isPending}
          onClick={() =>
            stage &&
            change.mutate(
              { lead, stage, note: note.trim() || undefined },
              {
                onSuccess: () => {
                  setStage(null);
                  setNote('');
                },
              },
            )
          }
        >
          Change stage
        </Button>
      </Group>
    </Stack>
  );
}

function DeleteLead({ lead }: { lead: Lead }) {
  const me = useQuery(authQueries.me());
  const remove = useDeleteLead();
  const navigate = useNavigate();
  if (me.data?.role !== 'ADMIN') return null;
  return (
    <Button
      color="red"
      variant="light"
      leftSection={<IconTrash size={16} aria-hidden />}
      loading={remove.isPending}
      onClick={() =>
        modals.openConfirmModal({
          title: `Delete ${lead.name}?`,
          children: 'The lead and its timeline are deleted for good.',
          labels: { confirm: 'Delete lead', cancel: 'Keep it' },
          confirmProps: { color: 'red' },
          onConfirm: () =>
            remove.mutate(lead.id, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `${lead.name} deleted` });
                navigate('/leads');
              },
              onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
            }),
        })
      }
    >
      Delete
    </Button>
  );
}
