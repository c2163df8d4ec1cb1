import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { errorMessage } from './http';

/**
 * A refresh that failed while older data is still on screen: say so in a toast (once per failure)
 * instead of replacing the data with an error.
 */
export function useRefetchErrorToast(query: { isError: boolean; error: unknown; errorUpdatedAt: number; isPlaceholderData?: boolean; data: unknown }, title: string) {
  const failedWithData = query.isError && query.data !== undefined && !query.isPlaceholderData;
  const { error, errorUpdatedAt } = query;
  useEffect(() => {
    if (failedWithData) notifications.show({ id: `${title}-${errorUpdatedAt}`, color: 'red', title, message: `${errorMessage(error)} Showing the last figures.` });
  }, [failedWithData, error, errorUpdatedAt, title]);
}
