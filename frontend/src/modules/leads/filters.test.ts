import { describe, expect, it } from 'vitest';
import { activeFilterCount, leadFiltersToSearchParams, parseLeadFilters, updateLeadFilters } from './filters';

describe('lead filters in the URL', () => {
  it('parses every filter and applies defaults', () => {
    const filters = parseLeadFilters(
      new URLSearchParams('search=ana&stage=qualified&source=whatsapp_ad&is_whatsapp=true&assigned_to=me&created_after=2026-01-01&created_before=2026-01-31&tags=vip&ordering=-score&page=3&page_size=50'),
    );
    expect(filters).toEqual({
      search: 'ana',
      stage: 'qualified',
      source: 'whatsapp_ad',
      is_whatsapp: 'true',
      assigned_to: 'me',
      created_after: '2026-01-01',
      created_before: '2026-01-31',
      tags: 'vip',
      ordering: '-score',
      page: 3,
      page_size: 50,
    });
    expect(activeFilterCount(filters)).toBe(8);
  });

  it('drops values it cannot use instead of failing', () => {
    const filters = parseLeadFilters(new URLSearchParams('assigned_to=bob&is_whatsapp=yes&ordering=drop table&page=-2&page_size=7&created_after=yesterday&stage=a b'));
    expect(filters).toEqual({ ordering: '-created_at', page: 1, page_size: 25 });
    expect(activeFilterCount(filters)).toBe(0);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(leadFiltersToSearchParams(parseLeadFilters(new URLSearchParams(''))).toString()).toBe('');
    const url = 'search=Ana+Lopez&assigned_to=12&ordering=name&page=2';
    const filters = parseLeadFilters(new URLSearchParams(url));
    expect(leadFiltersToSearchParams(filters).toString()).toBe(url);
    expect(parseLeadFilters(leadFiltersToSearchParams(filters))).toEqual(filters);
  });

  it('goes back to page 1 when a filter, the sort or the page size changes, not when paging', () => {
    const current = parseLeadFilters(new URLSearchParams('page=4&stage=new'));
    expect(updateLeadFilters(current, { page: 5 }).page).toBe(5);
    expect(updateLeadFilters(current, { search: 'x' }).page).toBe(1);
    expect(updateLeadFilters(current, { ordering: 'name' }).page).toBe(1);
    expect(updateLeadFilters(current, { page_size: 100 })).toMatchObject({ page: 1, page_size: 100, stage: 'new' });
    expect(updateLeadFilters(current, { stage: undefined }).stage).toBeUndefined();
  });
});
