import type { QueryClient } from '@tanstack/react-query';
import { analyticsKeys } from '../modules/dashboard';
import { insightKeys } from '../modules/insights';
import { leadKeys } from '../modules/leads';
import { notificationKeys } from '../modules/notifications';
import { taskKeys } from '../modules/tasks';
import { bookingKeys, tripKeys } from '../modules/trips';
import { whatsappKeys } from '../modules/whatsapp';
import type { LiveMessage } from '../shared/live/socket';

/**
 * Calls `fn` at once, then at most once per `wait` ms: calls in between collapse into one at the
 * end of the window, so the last change is never missed.
 */
export function throttle(fn: () => void, wait: number): { call: () => void; cancel: () => void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    call: () => {
      if (timer) return;
      const due = last + wait - Date.now();
      if (due <= 0) run();
      else timer = setTimeout(run, due);
    },
    cancel: () => clearTimeout(timer),
  };
}

/** How often a busy agency's changes may refetch the dashboard's charts and insights. */
export const ANALYTICS_REFRESH_MS = 5_000;

/**
 * The socket's listener for one query client. Analytics and insights are heavy to compute and change
 * with almost every event, so their refetch is throttled; the rest follows {@link applyLiveMessage}.
 */
export function createLiveHandler(client: QueryClient, wait = ANALYTICS_REFRESH_MS) {
  const analytics = throttle(() => {
    void client.invalidateQueries({ queryKey: analyticsKeys.all });
    void client.invalidateQueries({ queryKey: insightKeys.all });
  }, wait);
  return {
    handle: (message: LiveMessage) => applyLiveMessage(client, message, analytics.call),
    stop: analytics.cancel,
  };
}

/**
 * Each live message refreshes the narrowest data it concerns; `resync` refreshes everything.
 * `refreshAnalytics` is the (throttled) refresh of the dashboard's figures and insights.
 */
export function applyLiveMessage(client: QueryClient, message: LiveMessage, refreshAnalytics: () => void): void {
  const leadId = typeof message.lead_id === 'number' ? message.lead_id : undefined;
  switch (message.type) {
    case 'resync':
      void client.invalidateQueries();
      return;
    case 'message_received':
    case 'message_status_changed':
      void client.invalidateQueries({ queryKey: [...whatsappKeys.all, 'conversations'] });
      if (leadId) {
        void client.invalidateQueries({ queryKey: whatsappKeys.messages(leadId) });
        void client.invalidateQueries({ queryKey: whatsappKeys.conversation(leadId) });
        void client.invalidateQueries({ queryKey: leadKeys.events(leadId) });
      }
      if (message.type === 'message_received') void client.invalidateQueries({ queryKey: leadKeys.lists() });
      return;
    case 'notification_created':
    case 'notifications_read':
      void client.invalidateQueries({ queryKey: notificationKeys.all });
      return;
    case 'metrics_updated':
    case 'response_time_alert':
      refreshAnalytics();
      return;
    case 'task_created':
    case 'task_completed':
    case 'task_overdue':
      void client.invalidateQueries({ queryKey: taskKeys.all });
      if (leadId) void client.invalidateQueries({ queryKey: leadKeys.events(leadId) });
      return;
    default:
      if (message.type.startsWith('lead_') || message.type.startsWith('booking_')) {
        // A stage move in flight owns its lead's cache until it settles.
        if (client.isMutating({ mutationKey: leadKeys.changeStage() }) === 0) {
          void client.invalidateQueries({ queryKey: leadKeys.lists() });
        }
        if (message.type.startsWith('booking_')) {
          void client.invalidateQueries({ queryKey: bookingKeys.all });
          void client.invalidateQueries({ queryKey: tripKeys.all });
        }
        if (leadId) {
          void client.invalidateQueries({ queryKey: leadKeys.detail(leadId) });
          void client.invalidateQueries({ queryKey: insightKeys.score(leadId) });
        }
      }
  }
}
