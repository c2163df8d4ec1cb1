import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorMessage } from '../http';

/** Route error element: a failed lazy chunk, a 5xx thrown from a page, a bad link. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Center mih={300} p="md">
      <Stack align="center" gap="sm" maw={520}>
        <Title order={1} size="h2">
          {notFound ? 'Page not found' : 'Something went wrong'}
        </Title>
        <Text c="dimmed" ta="center">
          {notFound ? 'There is nothing at this address.' : errorMessage(error)}
        </Text>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}
