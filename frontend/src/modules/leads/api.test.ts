import { describe, expect, it } from 'vitest';
import { filtersFrom } from './api';

describe('lead filters in the URL', () => {
  it('reads the filters it knows and a numeric page', () => {
    expect(filtersFrom(new URLSearchParams('stage=won&search=ana&page=3&unknown=x'))).toEqual({
      stage: 'won',
      search: 'ana',
      page: 3,
    });
  });

  it('ignores a malformed page rather than failing', () => {
    expect(filtersFrom(new URLSearchParams('page=zero'))).toEqual({});
  });
});
