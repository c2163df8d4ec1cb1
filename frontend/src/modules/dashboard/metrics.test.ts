import { describe, expect, it } from 'vitest';
import { describeChange } from './metrics';

describe('change against the previous period', () => {
  it('says up or down and whether that is good', () => {
    expect(describeChange({ value: 12, previous: 10, change: 0.2 })).toMatchObject({ tone: 'good', direction: 'up' });
    expect(describeChange({ value: 8, previous: 10, change: -0.2 })).toMatchObject({ tone: 'bad', direction: 'down' });
    expect(describeChange({ value: 8, previous: 10, change: -0.2 }).text).toMatch(/^−20\s?%$/);
  });

  it('treats a faster response as better', () => {
    expect(describeChange({ value: 300, previous: 600, change: -0.5 }, true)).toMatchObject({ tone: 'good', direction: 'down' });
    expect(describeChange({ value: 900, previous: 600, change: 0.5 }, true)).toMatchObject({ tone: 'bad', direction: 'up' });
  });

  it('has no percentage when the previous period had nothing', () => {
    expect(describeChange({ value: 5, previous: 0, change: null })).toEqual({ text: 'New', tone: 'neutral', direction: 'up' });
    expect(describeChange({ value: 0, previous: 0, change: null })).toEqual({ text: 'No data', tone: 'neutral', direction: 'flat' });
    expect(describeChange({ value: 5, previous: 5, change: 0 }).text).toBe('No change');
  });
});
