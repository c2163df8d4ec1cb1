import type { QueryClient } from '@tanstack/react-query';
import { metricsKeys } from '../modules/dashboard';
import { leadKeys } from '../modules/leads';
import { notificationKeys } from '../modules/notifications';
import { taskKeys } from '../modules/tasks';
import { bookingKeys, tripKeys } from '../modules/trips';
import { whatsappKeys } from '../modules/whatsapp';
import type { LiveMessage } from '../shared/live/socket';

/** Each live message refreshes the narrowest data it concerns; `resync` refreshes everything. */
export function applyLiveMessage(client: QueryClient, message: LiveMessage): void {
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
      void client.invalidateQueries({ queryKey: metricsKeys.all });
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
        }
      }
  }
}
