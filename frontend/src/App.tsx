import { useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Route, Routes } from 'react-router';
import { LiveSocket, type LiveMessage } from './shared/live';
import { Layout } from './shared/Layout';
import { authKeys, logout, meQuery } from './modules/auth/api';
import { LoginPage } from './modules/auth/LoginPage';
import { DashboardPage, metricsKeys } from './modules/dashboard/DashboardPage';
import { leadKeys } from './modules/leads/api';
import { LeadPage } from './modules/leads/LeadPage';
import { LeadsPage } from './modules/leads/LeadsPage';
import { NotificationBell, notificationKeys } from './modules/notifications/NotificationBell';
import { SimulatorPage } from './modules/sandbox/SimulatorPage';
import { TasksPage, taskKeys } from './modules/tasks/TasksPage';
import { TripsPage } from './modules/trips/TripsPage';
import { whatsappKeys } from './modules/whatsapp/api';
import { InboxPage } from './modules/whatsapp/InboxPage';

/** Each live message refreshes the narrowest data it concerns; `resync` refreshes everything. */
export function applyLiveMessage(client: QueryClient, message: LiveMessage): void {
  const leadId = typeof message.lead_id === 'number' ? message.lead_id : undefined;
  switch (message.type) {
    case 'resync':
      client.invalidateQueries();
      return;
    case 'message_received':
    case 'message_status_changed':
      client.invalidateQueries({ queryKey: ['whatsapp', 'conversations'] });
      if (leadId) {
        client.invalidateQueries({ queryKey: whatsappKeys.messages(leadId) });
        client.invalidateQueries({ queryKey: whatsappKeys.conversation(leadId) });
        client.invalidateQueries({ queryKey: leadKeys.events(leadId) });
      }
      if (message.type === 'message_received') client.invalidateQueries({ queryKey: leadKeys.lists() });
      return;
    case 'notification_created':
    case 'notifications_read':
      client.invalidateQueries({ queryKey: notificationKeys.all });
      return;
    case 'metrics_updated':
      client.invalidateQueries({ queryKey: metricsKeys.all });
      return;
    case 'task_created':
    case 'task_completed':
    case 'task_overdue':
      client.invalidateQueries({ queryKey: taskKeys.all });
      if (leadId) client.invalidateQueries({ queryKey: leadKeys.events(leadId) });
      return;
    default:
      if (message.type.startsWith('lead_') || message.type.startsWith('booking_')) {
        client.invalidateQueries({ queryKey: leadKeys.lists() });
        if (leadId) {
          client.invalidateQueries({ queryKey: leadKeys.detail(leadId) });
          client.invalidateQueries({ queryKey: leadKeys.events(leadId) });
        }
      }
  }
}

export function App() {
  const client = useQueryClient();
  const me = useQuery(meQuery());

  useEffect(() => {
    if (!me.data) return;
    const socket = new LiveSocket();
    const unsubscribe = socket.subscribe((message) => applyLiveMessage(client, message));
    socket.start();
    return () => {
      unsubscribe();
      socket.stop();
    };
  }, [me.data, client]);

  if (me.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!me.data) return <LoginPage />;

  return (
    <Routes>
      <Route
        element={
          <Layout
            user={me.data}
            bell={<NotificationBell />}
            onLogout={() => logout().finally(() => { client.clear(); client.setQueryData(authKeys.me, null); me.refetch(); })}
          />
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="inbox/:leadId" element={<InboxPage />} />
        <Route path="leads" element={<LeadsPage />} />
        <Route path="leads/:id" element={<LeadPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="trips" element={<TripsPage />} />
        <Route path="simulator" element={<SimulatorPage />} />
        <Route path="*" element={<DashboardPage />} />
      </Route>
    </Routes>
  );
}
