import { Center, Loader } from '@mantine/core';
import {
  IconChecklist,
  IconDeviceMobileMessage,
  IconGauge,
  IconLayoutKanban,
  IconMessages,
  IconPlane,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { authQueries, useLogout } from '../modules/identity';
import { NotificationBell } from '../modules/notifications';
import { WhatsAppHeaderActions } from '../modules/whatsapp';
import { LiveSocket } from '../shared/live/socket';
import { createLiveHandler } from './live';
import { isApiError } from '../shared/http';
import { AppLayout, type NavItem } from '../shared/layout/AppLayout';
import { QueryError } from '../shared/ui/QueryError';

const agentNav: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: <IconGauge size={18} aria-hidden />, end: true },
  { to: '/inbox', label: 'Inbox', icon: <IconMessages size={18} aria-hidden /> },
  { to: '/leads', label: 'Leads', icon: <IconUsersGroup size={18} aria-hidden />, end: true },
  { to: '/leads/board', label: 'Pipeline', icon: <IconLayoutKanban size={18} aria-hidden />, end: true },
  { to: '/tasks', label: 'Tasks', icon: <IconChecklist size={18} aria-hidden /> },
  { to: '/trips', label: 'Trips', icon: <IconPlane size={18} aria-hidden /> },
  { to: '/simulator', label: 'Simulator', icon: <IconDeviceMobileMessage size={18} aria-hidden /> },
  { to: '/profile', label: 'Profile', icon: <IconUserCircle size={18} aria-hidden /> },
];
const adminNav: NavItem[] = [...agentNav.slice(0, 7), { to: '/users', label: 'Users', icon: <IconUsers size={18} aria-hidden /> }, agentNav[7]!];

/** The one live socket while someone is signed in; its messages refresh the data they concern. */
function useLiveUpdates(signedIn: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!signedIn) return;
    const socket = new LiveSocket();
    const live = createLiveHandler(client);
    const unsubscribe = socket.subscribe(live.handle);
    socket.start();
    return () => {
      unsubscribe();
      socket.stop();
      live.stop();
    };
  }, [signedIn, client]);
}

/** The signed-in part of the app: the shell around the pages, or a redirect to sign-in. */
export function AuthGate() {
  const me = useQuery(authQueries.me());
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  useLiveUpdates(me.isSuccess);
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
  const nav = me.data.role === 'ADMIN' ? adminNav : agentNav;
  return (
    <AppLayout
      nav={nav}
      extra={
        <>
          <WhatsAppHeaderActions isAdmin={me.data.role === 'ADMIN'} />
          <NotificationBell />
        </>
      }
      user={me.data}
      loggingOut={logout.isPending}
      onLogout={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
    />
  );
}

export function AdminOnly({ children }: { children: React.ReactNode }) {
  const me = useQuery(authQueries.me());
  if (me.data?.role !== 'ADMIN') return <Navigate to="/" replace />;
  return <>{children}</>;
}
