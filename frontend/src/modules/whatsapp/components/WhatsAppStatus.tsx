import { ActionIcon, Alert, Badge, Button, CopyButton, DataList, Drawer, Group, Indicator, PasswordInput, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBrandWhatsapp, IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../shared/http';
import { formatDateTime, formatRelative } from '../../../shared/format';
import { QueryError } from '../../../shared/ui/QueryError';
import { statusQuery, templatesQuery, useSyncData, type WhatsAppStatus } from '../api';

const HEALTH = {
  green: { label: 'Working', color: 'teal' },
  yellow: { label: 'Needs attention', color: 'yellow' },
  red: { label: 'Not working', color: 'red' },
} as const;

const CIRCUIT: Record<string, string> = {
  CLOSED: 'Closed: sending normally',
  OPEN: 'Open: sending paused after repeated failures',
  HALF_OPEN: 'Half-open: trying again',
  FORCED_OPEN: 'Forced open: sending paused',
  DISABLED: 'Disabled',
};

export function healthOf(status: WhatsAppStatus | undefined) {
  return status ? (HEALTH[status.health] ?? HEALTH.yellow) : undefined;
}

/**
 * The header's WhatsApp actions: the status drawer (its button shows the health) and "Sync data",
 * which re-syncs the templates (admins) and refreshes every view.
 */
export function WhatsAppHeaderActions({ isAdmin }: { isAdmin: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const status = useQuery(statusQuery());
  const health = healthOf(status.data);
  const sync = useSyncData(isAdmin);
  const runSync = () =>
    sync.mutate(undefined, {
      onSuccess: (templates) =>
        notifications.show({
          color: 'teal',
          title: 'Data synced',
          message: templates ? `${templates.length} WhatsApp templates synced; every view is refreshing.` : 'Every view is refreshing.',
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Templates not synced', message: `${errorMessage(error)} The other data is refreshing.` }),
    });
  const label = `WhatsApp status${health ? `: ${health.label}` : ''}`;
  return (
    <>
      <Tooltip label={label}>
        <Indicator color={health?.color ?? 'gray'} size={9} offset={6} disabled={!health} withBorder>
          <ActionIcon variant="subtle" size="lg" aria-label={label} onClick={open}>
            <IconBrandWhatsapp size={20} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Tooltip>
      <Button variant="default" size="sm" leftSection={<IconRefresh size={16} aria-hidden />} loading={sync.isPending} onClick={runSync} visibleFrom="sm">
        Sync data
      </Button>
      <Drawer opened={opened} onClose={close} title={<Title order={2} size="h4">WhatsApp status</Title>} position="right" size="md">
        <Stack>
          <Button leftSection={<IconRefresh size={16} aria-hidden />} loading={sync.isPending} onClick={runSync} variant="light" style={{ alignSelf: 'flex-start' }}>
            Sync data
          </Button>
          {status.isPending ? (
            <Stack aria-busy="true" aria-label="Loading the status">
              <Skeleton h={120} />
              <Skeleton h={120} />
            </Stack>
          ) : status.isError && !status.data ? (
            <QueryError error={status.error} onRetry={() => status.refetch()} title="The status could not be loaded" />
          ) : (
            <StatusDetails status={status.data} />
          )}
        </Stack>
      </Drawer>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Title order={3} size="h6" mb={4}>
        {title}
      </Title>
      <DataList size="sm" gap={4} labelWidth={150}>
        {children}
      </DataList>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
          <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy ${label}`}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function Secret({ value, label }: { value: string; label: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <PasswordInput value={value} readOnly aria-label={label} size="xs" style={{ flex: 1 }} />
      <Copy value={value} label={label} />
    </Group>
  );
}

/** Everything the status says, in words (the health colour is never the only signal). */
export function StatusDetails({ status }: { status: WhatsAppStatus }) {
  const templates = useQuery(templatesQuery());
  const health = healthOf(status)!;
  const phone = status.phone.fields;
  const settings = status.settings;
  const approved = templates.data?.filter((t) => t.status === 'APPROVED').length;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={health.color} variant="light" size="lg">
          {health.label}
        </Badge>
        <Badge color={status.mode === 'sandbox' ? 'grape' : 'blue'} variant="outline" size="lg" style={{ textTransform: 'none' }}>
          {status.mode === 'sandbox' ? 'Sandbox (simulated)' : 'Cloud API (live)'}
        </Badge>
      </Group>
      {status.phone.error ? (
        <Alert color="red" variant="light" title="WhatsApp did not answer">
          {status.phone.error}
        </Alert>
      ) : null}
      <Section title="Phone number">
        <Row label="Number">{phone?.display_phone_number ?? '—'}</Row>
        <Row label="Name">{phone?.verified_name ?? '—'}</Row>
        <Row label="Status">{phone?.status ?? '—'}</Row>
        <Row label="Quality">{phone?.quality_rating ?? '—'}</Row>
        <Row label="Checked">{formatRelative(status.phone.checked_at)}</Row>
      </Section>
      <Section title="Incoming (webhooks)">
        <Row label="Last received">{status.webhooks.last_received_at ? formatDateTime(status.webhooks.last_received_at) : 'Nothing yet'}</Row>
        <Row label="Waiting to process">{status.webhooks.backlog}</Row>
        <Row label="Failing, retrying">{status.webhooks.failing}</Row>
        <Row label="Given up">{status.webhooks.dead}</Row>
        <Row label="Bad signatures">{status.webhooks.signature_failures}</Row>
        {status.webhooks.last_error ? <Row label="Last error">{status.webhooks.last_error}</Row> : null}
      </Section>
      <Section title="Outgoing (sending)">
        <Row label="Queued">{status.sending.queue_depth}</Row>
        <Row label="Failed, last hour">{status.sending.failed_last_hour}</Row>
        <Row label="Circuit breaker">{CIRCUIT[status.sending.circuit] ?? status.sending.circuit}</Row>
      </Section>
      <Section title="Templates">
        <Row label="Templates">{templates.data ? `${templates.data.length} (${approved} approved)` : templates.isError ? 'Could not be loaded' : '…'}</Row>
      </Section>
      {settings ? (
        <Section title="Webhook settings (admins)">
          <Row label="Callback URL">
            <Group gap={4} wrap="nowrap">
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {window.location.origin + settings.webhook_path}
              </Text>
              <Copy value={window.location.origin + settings.webhook_path} label="callback URL" />
            </Group>
          </Row>
          <Row label="Verify token">
            <Stack gap={2}>
              <Secret value={settings.verify_token} label="verify token" />
              <Text size="xs" c="dimmed">
                {settings.verify_token_generated ? 'Generated by Tripdesk' : 'Set in the configuration'}
              </Text>
            </Stack>
          </Row>
          <Row label="App secret">
            {settings.app_secret ? (
              <Stack gap={2}>
                <Secret value={settings.app_secret} label="app secret" />
                <Text size="xs" c="dimmed">
                  Generated by Tripdesk
                </Text>
              </Stack>
            ) : (
              'Set in the configuration'
            )}
          </Row>
          <Row label="Phone number ID">{settings.phone_number_id}</Row>
          <Row label="Business account">{settings.business_account_id}</Row>
          <Row label="Graph API">{settings.graph_version}</Row>
        </Section>
      ) : null}
    </Stack>
  );
}
