import type { LeadEvent, Stage } from './types';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : typeof value === 'number' ? String(value) : undefined);

/** One line that says what happened, for the timeline. */
export function describeEvent(event: LeadEvent, stageLabel: (key: string) => string, userLabel: (id: number | null) => string): { title: string; body?: string } {
  const p = event.payload ?? {};
  switch (event.type) {
    case 'created':
      return { title: 'Lead created', body: str(p.source) ? `Source: ${String(p.source).replace(/_/g, ' ')}` : undefined };
    case 'updated': {
      const fields = Array.isArray(p.fields) ? p.fields.join(', ') : p.changes && typeof p.changes === 'object' ? Object.keys(p.changes).join(', ') : undefined;
      return { title: 'Details updated', body: fields ? `Changed: ${fields.replace(/_/g, ' ')}` : undefined };
    }
    case 'assigned': {
      const to = typeof p.to === 'number' ? p.to : typeof p.assigned_to === 'number' ? p.assigned_to : null;
      return { title: to === null ? 'Unassigned' : `Assigned to ${userLabel(to)}` };
    }
    case 'stage_changed': {
      const from = str(p.from);
      const to = str(p.to);
      return {
        title: `Stage: ${from ? stageLabel(from) : '—'} → ${to ? stageLabel(to) : '—'}`,
        body: str(p.note),
      };
    }
    case 'note':
      return { title: 'Note', body: str(p.text) };
    case 'message_in':
      return { title: 'WhatsApp message received', body: str(p.text) ?? str(p.body) ?? str(p.preview) };
    case 'message_out':
      return { title: 'WhatsApp message sent', body: str(p.text) ?? str(p.body) ?? str(p.preview) };
    case 'task_created':
      return { title: 'Task created', body: str(p.title) };
    case 'task_completed':
      return { title: 'Task completed', body: str(p.title) };
    case 'booking_created':
      return { title: 'Booking created', body: str(p.trip_code) ?? str(p.trip_title) };
    case 'booking_confirmed':
      return { title: 'Booking confirmed', body: str(p.trip_code) ?? str(p.trip_title) };
    case 'booking_cancelled':
      return { title: 'Booking cancelled', body: str(p.trip_code) ?? str(p.trip_title) };
    default:
      return { title: event.type.replace(/_/g, ' ') };
  }
}

export function stageLookup(stages: Stage[] | undefined) {
  return (key: string) => stages?.find((s) => s.key === key)?.label ?? key;
}
