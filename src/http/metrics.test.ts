import { describe, expect, it } from 'vitest';
import { addressAllowList, metricsEnabled } from './metrics.js';

describe('addressAllowList', () => {
  const allowed = addressAllowList('10.0.0.0/8, 127.0.0.1, fd00::/8, 2001:db8::7');
  it.each([
    ['10.255.1.2', true],
    ['11.0.0.1', false],
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['::ffff:10.1.2.3', true],
    ['::ffff:192.0.2.1', false],
    ['fd12:3456::1', true],
    ['2001:db8::7', true],
    ['2001:db8::8', false],
    ['not an address', false],
    ['', false],
  ])('%s → %s', (address, expected) => {
    expect(allowed(address)).toBe(expected);
  });
});

describe('metricsEnabled', () => {
  it('serves /metrics only when a token or an allow-list restricts it', () => {
    expect(metricsEnabled({})).toBe(false);
    expect(metricsEnabled({ METRICS_TOKEN: 'x'.repeat(32) })).toBe(true);
    expect(metricsEnabled({ METRICS_ALLOW: '127.0.0.1' })).toBe(true);
  });
});
