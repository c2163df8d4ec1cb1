import { Badge, Button, Group, Modal, PasswordInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from '../../../shared/zod';
import { errorMessage } from '../../../shared/http';
import { formatDateTime } from '../../../shared/format';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { PageTitle } from '../../../shared/ui/PageTitle';
import { QueryError } from '../../../shared/ui/QueryError';
import { TableSkeleton } from '../../../shared/ui/TableSkeleton';
import { authQueries, useCreateUser, userQueries, useUpdateUser } from '../api';
import type { Role, User } from '../types';

const roles = [
  { value: 'AGENT', label: 'Agent' },
  { value: 'ADMIN', label: 'Admin' },
];

export function UsersPage() {
  const users = useQuery(userQueries.list());
  const me = useQuery(authQueries.me());
  const [opened, { open, close }] = useDisclosure(false);
  const update = useUpdateUser();

  const change = (user: User, patch: { role?: Role; is_active?: boolean }) =>
    update.mutate(
      { id: user.id, ...patch },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'green',
            message: patch.role ? `${saved.name} is now ${saved.role === 'ADMIN' ? 'an admin' : 'an agent'}` : `${saved.name} ${saved.is_active ? 'reactivated' : 'deactivated'}`,
          }),
        onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );

  return (
    <>
      <PageTitle
        title="Users"
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={open}>
            New user
          </Button>
        }
      >
        Users
      </PageTitle>
      {users.isPending ? (
        <TableSkeleton rows={4} />
      ) : users.isError ? (
        <QueryError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((user) => {
                const self = user.id === me.data?.id;
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {user.name} {self ? <Badge size="xs" variant="light">you</Badge> : null}
                      </Text>
                    </Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Role of ${user.name}`}
                        data={roles}
                        value={user.role}
                        allowDeselect={false}
                        disabled={self}
                        size="xs"
                        w={110}
                        onChange={(value) => value && value !== user.role && change(user, { role: value as Role })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`${user.name} is active`}
                        checked={user.is_active}
                        disabled={self}
                        label={user.is_active ? 'Active' : 'Deactivated'}
                        onChange={(event) => change(user, { is_active: event.currentTarget.checked })}
                      />
                    </Table.Td>
                    <Table.Td>{formatDateTime(user.last_login_at)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={opened} onClose={close} title="New user">
        {opened ? <CreateUserForm onDone={close} /> : null}
      </Modal>
    </>
  );
}

const createUserSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120),
  email: z.email('Enter a valid email'),
  password: z.string().min(12, 'At least 12 characters').max(200),
  role: z.enum(['ADMIN', 'AGENT']),
});

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const create = useCreateUser();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', email: '', password: '', role: 'AGENT' as Role },
    validate: schemaResolver(createUserSchema, { sync: true }),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        create.mutate(values, {
          onSuccess: (user) => {
            notifications.show({ color: 'green', message: `${user.name} can now sign in` });
            onDone();
          },
          onError: (error) => setAlert(applyProblemToForm(error, form)),
        });
      })}
    >
      <Stack>
        <FormAlert message={alert} />
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
        <PasswordInput label="Initial password" required autoComplete="new-password" {...form.getInputProps('password')} />
        <Select label="Role" data={roles} allowDeselect={false} {...form.getInputProps('role')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
