import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm, schemaResolver } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from '../../../shared/zod';
import { applyProblemToForm } from '../../../shared/problem';
import { FormAlert } from '../../../shared/ui/FormAlert';
import { ColorSchemeToggle } from '../../../shared/ui/ColorSchemeToggle';
import { useLogin } from '../api';

const loginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email'),
  password: z.string().min(1, 'Enter your password'),
});

/** Only same-site paths may be a target after sign-in. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function LoginPage() {
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: schemaResolver(loginSchema, { sync: true }),
  });
  useEffect(() => {
    document.title = 'Sign in · Tripdesk';
  }, []);

  const submit = form.onSubmit((values) => {
    setAlert(null);
    login.mutate(values, {
      onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
      onError: (error) => setAlert(applyProblemToForm(error, form)),
    });
  });

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Stack gap={4}>
              <Title order={1} size="h2">
                Tripdesk
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to the agency dashboard
              </Text>
            </Stack>
            <FormAlert message={alert} />
            <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
            <Center>
              <ColorSchemeToggle />
            </Center>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
