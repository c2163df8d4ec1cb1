import { ActionIcon, AppShell, Burger, Button, Group, NavLink, Text, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';

const links = [
  { to: '/', label: 'Dashboard' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/leads', label: 'Leads' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/trips', label: 'Trips' },
  { to: '/simulator', label: 'Customer simulator' },
];

export function Layout({ user, onLogout, bell }: { user: { name: string; role: string }; onLogout: () => void; bell: React.ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700}>Tripdesk</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {bell}
            <ActionIcon variant="subtle" size="lg" aria-label="Switch dark mode" onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
              <span aria-hidden>{scheme === 'dark' ? '☀' : '☾'}</span>
            </ActionIcon>
            <Text size="sm" visibleFrom="xs">
              {user.name} · {user.role === 'ADMIN' ? 'Admin' : 'Agent'}
            </Text>
            <Button variant="subtle" size="xs" onClick={onLogout}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={link.label}
            onClick={close}
            active={link.to === '/' ? location.pathname === '/' : location.pathname.startsWith(link.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
