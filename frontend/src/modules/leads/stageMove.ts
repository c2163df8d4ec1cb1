import type { Page } from '../../shared/http';
import type { Lead } from './types';

/**
 * A lead moved to another stage, as one cached list page should show it before the server
 * answers: a list of one stage loses or gains the lead, a list of all stages shows the new stage.
 */
export function moveLeadInPage(page: Page<Lead>, listStage: string | undefined, lead: Lead, to: string): Page<Lead> {
  const moved: Lead = { ...lead, stage: to, stage_changed_at: new Date().toISOString() };
  const index = page.results.findIndex((l) => l.id === lead.id);
  if (listStage === undefined) {
    if (index < 0) return page;
    const results = page.results.slice();
    results[index] = moved;
    return { ...page, results };
  }
  if (listStage === to) {
    if (index >= 0) {
      const results = page.results.slice();
      results[index] = moved;
      return { ...page, results };
    }
    return { ...page, count: page.count + 1, results: [moved, ...page.results] };
  }
  if (index < 0) return page;
  return { ...page, count: Math.max(0, page.count - 1), results: page.results.filter((l) => l.id !== lead.id) };
}
