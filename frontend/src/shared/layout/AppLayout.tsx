import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { Suspense, type ReactNode } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { ColorSchemeToggle } from '../ui/ColorSchemeToggle';
import { TableSkeleton } from '../ui/TableSkeleton';

export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Match only the exact path. */
  end?: boolean;
}

export interface LayoutUser {
  name: string;
  email: string;
  role: string;
}

export function AppLayout({ nav, user, onLogout, loggingOut, extra }: {
  nav: NavItem[];
  /** Header actions of other modules (the notification bell). */
  extra?: ReactNode;
  user: LayoutUser;
  onLogout: () => void;
  loggingOut?: boolean;
}) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Title order={2} size="h4" c="blue.7" style={{ whiteSpace: 'nowrap' }}>
              Tripdesk
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="xs">
              <Text size="sm" fw={500} lh={1.2}>
                {user.name}
              </Text>
              <Badge size="xs" variant="light" color={user.role === 'ADMIN' ? 'grape' : 'blue'}>
                {user.role === 'ADMIN' ? 'Admin' : 'Agent'}
              </Badge>
            </Stack>
            {extra}
            <ColorSchemeToggle />
            <Button
              variant="default"
              size="sm"
              leftSection={<IconLogout size={16} aria-hidden />}
              onClick={onLogout}
              loading={loggingOut}
              visibleFrom="sm"
            >
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="main-navigation" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <nav>
            {nav.map((item) => (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                end={item.end}
                label={item.label}
                leftSection={item.icon}
                active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
                onClick={close}
              />
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" pt="xs">
          <Text size="sm" fw={500} px="sm">
            {user.name} · {user.role === 'ADMIN' ? 'Admin' : 'Agent'}
          </Text>
          <Button
            variant="subtle"
            fullWidth
            justify="flex-start"
            leftSection={<IconLogout size={16} aria-hidden />}
            onClick={onLogout}
            loading={loggingOut}
          >
            Log out
          </Button>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<TableSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
