import { createBrowserRouter, Outlet } from 'react-router';
import { RouteError } from '../shared/layout/RouteError';
import { AdminOnly, AuthGate } from './AuthGate';

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      errorElement: <RouteError />,
      lazy: () => import('../modules/identity/pages/LoginPage').then((m) => ({ Component: m.LoginPage })),
    },
    {
      path: '/',
      element: <AuthGate />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, lazy: () => import('../modules/dashboard/pages/DashboardPage').then((m) => ({ Component: m.DashboardPage })) },
            { path: 'inbox', lazy: () => import('../modules/whatsapp/pages/InboxPage').then((m) => ({ Component: m.InboxPage })) },
            { path: 'inbox/:leadId', lazy: () => import('../modules/whatsapp/pages/InboxPage').then((m) => ({ Component: m.InboxPage })) },
            { path: 'simulator', lazy: () => import('../modules/sandbox/pages/SimulatorPage').then((m) => ({ Component: m.SimulatorPage })) },
            { path: 'leads', lazy: () => import('../modules/leads/pages/LeadsPage').then((m) => ({ Component: m.LeadsPage })) },
            { path: 'leads/board', lazy: () => import('../modules/leads/pages/BoardPage').then((m) => ({ Component: m.BoardPage })) },
            { path: 'leads/:id', lazy: () => import('../modules/leads/pages/LeadPage').then((m) => ({ Component: m.LeadPage })) },
            { path: 'trips', lazy: () => import('../modules/trips/pages/TripsPage').then((m) => ({ Component: m.TripsPage })) },
            { path: 'trips/:id', lazy: () => import('../modules/trips/pages/TripPage').then((m) => ({ Component: m.TripPage })) },
            { path: 'tasks', lazy: () => import('../modules/tasks/pages/TasksPage').then((m) => ({ Component: m.TasksPage })) },
            {
              path: 'users',
              element: (
                <AdminOnly>
                  <Outlet />
                </AdminOnly>
              ),
              children: [{ index: true, lazy: () => import('../modules/identity/pages/UsersPage').then((m) => ({ Component: m.UsersPage })) }],
            },
            { path: 'profile', lazy: () => import('../modules/identity/pages/ProfilePage').then((m) => ({ Component: m.ProfilePage })) },
            { path: '*', element: <RouteError /> , loader: () => { throw new Response('Not found', { status: 404 }); } },
          ],
        },
      ],
    },
  ]);
}
