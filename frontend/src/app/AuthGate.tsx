import { Center, Loader } from '@mantine/core';
import { IconChecklist, IconLayoutKanban, IconPlane, IconUserCircle, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { authQueries, useLogout } from '../modules/identity';
import { isApiError } from '../shared/http';
import { AppLayout, type NavItem } from '../shared/layout/AppLayout';
import { QueryError } from '../shared/ui/QueryError';

const agentNav: NavItem[] = [
  { to: '/leads', label: 'Leads', icon: <IconUsersGroup size={18} aria-hidden />, end: false },
  { to: '/leads/board', label: 'Pipeline', icon: <IconLayoutKanban size={18} aria-hidden />, end: true },
  { to: '/tasks', label: 'Tasks', icon: <IconChecklist size={18} aria-hidden /> },
  { to: '/trips', label: 'Trips', icon: <IconPlane size={18} aria-hidden /> },
  { to: '/profile', label: 'Profile', icon: <IconUserCircle size={18} aria-hidden /> },
];
const adminNav: NavItem[] = [...agentNav.slice(0, 4), { to: '/users', label: 'Users', icon: <IconUsers size={18} aria-hidden /> }, agentNav[4]!];

/** The signed-in part of the app: the shell around the pages, or a redirect to sign-in. */
export function AuthGate() {
  const me = useQuery(authQueries.me());
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  if (me.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (isApiError(me.error, 401)) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  if (me.isError) {
    return (
      <Center mih="100vh" p="md">
        <QueryError error={me.error} onRetry={() => me.refetch()} title="Tripdesk is not reachable" />
      </Center>
    );
  }
  const nav = (me.data.role === 'ADMIN' ? adminNav : agentNav).map((item) =>
    item.to === '/leads' ? { ...item, end: true } : item,
  );
  return (
    <AppLayout
      nav={nav}
      user={me.data}
      loggingOut={logout.isPending}
      onLogout={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
    />
  );
}

export function AdminOnly({ children }: { children: React.ReactNode }) {
  const me = useQuery(authQueries.me());
  if (me.data?.role !== 'ADMIN') return <Navigate to="/leads" replace />;
  return <>{children}</>;
}
