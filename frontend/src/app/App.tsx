import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient } from './queryClient';
import { createRouter } from './router';
import { theme } from './theme';

function createApp() {
  const router = createRouter();
  const client = createQueryClient(() => {
    const { pathname, search } = window.location;
    if (!pathname.startsWith('/login')) {
      client.clear();
      void router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
    }
  });
  return { router, client };
}

export function App() {
  const [{ router, client }] = useState(createApp);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <QueryClientProvider client={client}>
          <ModalsProvider>
            <Notifications position="top-right" limit={4} />
            <RouterProvider router={router} />
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
