export type InsightKind =
  | 'high_value_not_in_proposal'
  | 'waiting_for_reply'
  | 'silent_after_proposal'
  | 'source_conversion_change'
  | 'trip_filling_up'
  | 'trip_under_booked';

export type Severity = 'info' | 'warning' | 'critical';

export type InsightItem = { type: 'lead' | 'trip' | 'source'; id: string; name: string; detail: string | null; link: string | null };

export type Insight = {
  kind: InsightKind | string;
  severity: Severity;
  title: string;
  summary: string;
  explanation: string;
  evidence: { label: string; value: string }[];
  items: InsightItem[];
  action: { label: string; link: string } | null;
};

export type Insights = { generated_at: string; insights: Insight[] };

export type ScoreFactor = { feature: string; label: string; value: string | null; contribution: number };

export type LeadScore = {
  lead_id: number;
  score: number;
  method: 'model' | 'rules';
  model: { algorithm: string; trained_at: string; training_leads: number; auc: number | null } | null;
  factors: ScoreFactor[];
  explanation: string;
};
