import { Alert, Badge, Button, Code, CopyButton, Group, Paper, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from '../../../shared/zod';
import { errorMessage } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';
import { applyProblemToForm } from '../../../shared/problem';
import { Empty } from '../../../shared/ui/Empty';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { TableSkeleton } from '../../../shared/ui/TableSkeleton';
import { authQueries, useChangePassword, useCreateToken, useRevokeToken } from '../api';
import type { CreatedToken } from '../types';

export function ProfilePage() {
  const me = useQuery(authQueries.me());
  return (
    <>
      <PageTitle title="Profile">Profile</PageTitle>
      {me.data ? (
        <Text mb="md" c="dimmed">
          {me.data.name} · {me.data.email} · {me.data.role === 'ADMIN' ? 'Admin' : 'Agent'}
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md" radius="md">
          <PasswordForm />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Tokens />
        </Paper>
      </SimpleGrid>
    </>
  );
}

const passwordSchema = z
  .object({
    current_password: z.string().min(1, 'Enter your current password'),
    new_password: z.string().min(12, 'At least 12 characters').max(200),
    confirm: z.string(),
  })
  .refine((v) => v.new_password === v.confirm, { path: ['confirm'], message: 'The passwords differ' });

function PasswordForm() {
  const change = useChangePassword();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: { current_password: '', new_password: '', confirm: '' },
    validate: schemaResolver(passwordSchema, { sync: true }),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ current_password, new_password }) => {
        setAlert(null);
        change.mutate(
          { current_password, new_password },
          {
            onSuccess: () => {
              form.reset();
              notifications.show({ color: 'green', message: 'Password changed' });
            },
            onError: (error) => setAlert(applyProblemToForm(error, form)),
          },
        );
      })}
    >
      <Stack>
        <Title order={2} size="h4">
          Change password
        </Title>
        <FormAlert message={alert} />
        <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('current_password')} />
        <PasswordInput label="New password" autoComplete="new-password" required {...form.getInputProps('new_password')} />
        <PasswordInput label="Repeat new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Tokens() {
  const tokens = useQuery(authQueries.tokens());
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '' },
    validate: schemaResolver(z.object({ name: z.string().trim().min(1, 'Name the token').max(100) }), { sync: true }),
  });
  const active = tokens.data?.filter((t) => !t.revoked_at) ?? [];
  return (
    <Stack>
      <Title order={2} size="h4">
        API tokens
      </Title>
      <Text size="sm" c="dimmed">
        Integrations send a token as <Code>Authorization: Bearer …</Code>. A token acts as you.
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setAlert(null);
          create.mutate(values, {
            onSuccess: (result) => {
              setCreated(result);
              form.reset();
            },
            onError: (error) => setAlert(applyProblemToForm(error, form)),
          });
        })}
      >
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput label="New token name" placeholder="e.g. Zapier" style={{ flex: 1 }} {...form.getInputProps('name')} />
          <Button type="submit" loading={create.isPending} leftSection={<IconKey size={16} aria-hidden />}>
            Create
          </Button>
        </Group>
      </form>
      <FormAlert message={alert} />
      {created ? (
        <Alert color="green" title={`Token “${created.token.name}” created`} withCloseButton closeButtonLabel="Dismiss" onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">Copy it now: it is shown only once.</Text>
            <Code block style={{ wordBreak: 'break-all' }}>
              {created.secret}
            </Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
          </Stack>
        </Alert>
      ) : null}
      {tokens.isPending ? (
        <TableSkeleton rows={2} />
      ) : tokens.isError ? (
        <QueryError error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : active.length === 0 ? (
        <Empty title="No API tokens" description="Create one for an integration." />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {active.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>
                    {token.name}
                    {token.expires_at ? (
                      <Badge ml="xs" size="xs" variant="light">
                        expires {formatDateTime(token.expires_at)}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(token.last_used_at)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      color="red"
                      variant="subtle"
                      aria-label={`Revoke token ${token.name}`}
                      loading={revoke.isPending && revoke.variables === token.id}
                      onClick={() =>
                        revoke.mutate(token.id, {
                          onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(error) }),
                        })
                      }
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
