export interface AdReferralInfo {
  source_id: string | null;
  source_url: string | null;
  source_type: string | null;
  headline: string | null;
  body: string | null;
  media_type: string | null;
  ctwa_clid: string | null;
}

export interface Lead {
  id: number;
  name: string;
  phone: string | null;
  wa_id: string | null;
  wa_user_id: string | null;
  wa_username: string | null;
  email: string | null;
  source: string;
  stage: string;
  assigned_to: number | null;
  trip_id: number | null;
  destination: string | null;
  travel_start: string | null;
  travel_end: string | null;
  travelers: number | null;
  budget: string | number | null;
  expected_value: string | number | null;
  tags: string[];
  notes: string | null;
  lost_reason: string | null;
  score: number | null;
  is_whatsapp: boolean;
  referral: AdReferralInfo | null;
  last_inbound_at: string | null;
  last_outbound_at: string | null;
  first_response_at: string | null;
  stage_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface Stage {
  key: string;
  label: string;
  position: number;
  is_won: boolean;
  is_lost: boolean;
}

export interface Source {
  key: string;
  label: string;
}

export type LeadEventType =
  | 'created'
  | 'updated'
  | 'assigned'
  | 'stage_changed'
  | 'note'
  | 'message_in'
  | 'message_out'
  | 'task_created'
  | 'task_completed'
  | 'booking_created'
  | 'booking_confirmed'
  | 'booking_cancelled';

export interface LeadEvent {
  id: number;
  lead_id: number;
  type: LeadEventType | string;
  payload: Record<string, unknown> | null;
  actor_id: number | null;
  created_at: string;
}

/** The writable fields (POST and PATCH). */
export interface LeadInput {
  name?: string;
  phone?: string | null;
  email?: string | null;
  source?: string;
  stage?: string;
  assigned_to?: number | null;
  trip_id?: number | null;
  destination?: string | null;
  travel_start?: string | null;
  travel_end?: string | null;
  travelers?: number | null;
  budget?: number | string | null;
  expected_value?: number | string | null;
  tags?: string[];
  notes?: string | null;
  lost_reason?: string | null;
}
