import { describe, expect, it } from 'vitest';
import { laterStatus } from './api';

describe('message statuses', () => {
  it('never move backwards when they arrive out of order', () => {
    expect(laterStatus('read', 'delivered')).toBe('read');
    expect(laterStatus('sent', 'read')).toBe('read');
    expect(laterStatus('failed', 'delivered')).toBe('delivered');
    expect(laterStatus('delivered', 'failed')).toBe('delivered');
  });
});
