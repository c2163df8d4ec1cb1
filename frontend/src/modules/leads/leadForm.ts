import { z } from '../../shared/zod';
import type { Lead, LeadInput } from './types';

/** The lead form's values: what the inputs hold (strings for selects, numbers or '' for numbers). */
export interface LeadFormValues {
  name: string;
  phone: string;
  email: string;
  source: string | null;
  assigned_to: string | null;
  trip_id: string | null;
  destination: string;
  travel_start: string | null;
  travel_end: string | null;
  travelers: number | string;
  budget: number | string;
  expected_value: number | string;
  tags: string[];
  notes: string;
  lost_reason: string;
}

const money = z.union([z.literal(''), z.number().min(0, 'Must not be negative').max(9_999_999_999.99)]);

export const leadFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(200),
    phone: z.string().trim().max(40),
    email: z.union([z.literal(''), z.email('Enter a valid email').max(254)]),
    destination: z.string().max(200),
    travelers: z.union([z.literal(''), z.number().int('Whole travellers only').min(1, 'At least 1').max(1000)]),
    budget: money,
    expected_value: money,
    tags: z.array(z.string().trim().min(1).max(50)).max(20, 'At most 20 tags'),
    notes: z.string().max(10_000),
    lost_reason: z.string().max(500),
    travel_start: z.string().nullable(),
    travel_end: z.string().nullable(),
  })
  .loose()
  .refine((v) => !v.travel_start || !v.travel_end || v.travel_start <= v.travel_end, {
    path: ['travel_end'],
    message: 'Ends before it starts',
  });

export function emptyLeadForm(): LeadFormValues {
  return {
    name: '',
    phone: '',
    email: '',
    source: null,
    assigned_to: null,
    trip_id: null,
    destination: '',
    travel_start: null,
    travel_end: null,
    travelers: '',
    budget: '',
    expected_value: '',
    tags: [],
    notes: '',
    lost_reason: '',
  };
}

const num = (value: string | number | null | undefined): number | string => (value === null || value === undefined ? '' : Number(value));

export function leadToForm(lead: Lead): LeadFormValues {
  return {
    name: lead.name,
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    source: lead.source,
    assigned_to: lead.assigned_to === null ? null : String(lead.assigned_to),
    trip_id: lead.trip_id === null ? null : String(lead.trip_id),
    destination: lead.destination ?? '',
    travel_start: lead.travel_start,
    travel_end: lead.travel_end,
    travelers: num(lead.travelers),
    budget: num(lead.budget),
    expected_value: num(lead.expected_value),
    tags: lead.tags ?? [],
    notes: lead.notes ?? '',
    lost_reason: lead.lost_reason ?? '',
  };
}

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());
const numberOrNull = (value: number | string) => (value === '' || value === null ? null : Number(value));
const idOrNull = (value: string | null) => (value ? Number(value) : null);

/** The API body of a form; with `dirty`, only the fields that changed (a PATCH). */
export function formToLeadInput(values: LeadFormValues, dirty?: (field: keyof LeadFormValues) => boolean): LeadInput {
  const all: Required<Omit<LeadInput, 'stage'>> = {
    name: values.name.trim(),
    phone: blankToNull(values.phone),
    email: blankToNull(values.email),
    source: values.source ?? 'other',
    assigned_to: idOrNull(values.assigned_to),
    trip_id: idOrNull(values.trip_id),
    destination: blankToNull(values.destination),
    travel_start: values.travel_start || null,
    travel_end: values.travel_end || null,
    travelers: numberOrNull(values.travelers),
    budget: numberOrNull(values.budget),
    expected_value: numberOrNull(values.expected_value),
    tags: values.tags,
    notes: blankToNull(values.notes),
    lost_reason: blankToNull(values.lost_reason),
  };
  if (!dirty) {
    if (!values.source) {
      const { source: _source, ...rest } = all;
      return rest;
    }
    return all;
  }
  const body: LeadInput = {};
  for (const key of Object.keys(all) as (keyof typeof all)[]) {
    if (dirty(key)) (body as Record<string, unknown>)[key] = all[key];
  }
  return body;
}
