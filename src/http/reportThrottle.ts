import { createHmac, randomBytes } from 'node:crypto';

/**
 * Counts a reporting-channel action per client address without keeping the address: the key is an HMAC of it under
 * a random salt held only in memory, and salt and counts are both dropped when the window turns (an hour), so
 * nothing can later tell whose address made which attempt, not even from a memory dump after the hour. Bounded:
 * past `maxKeys` addresses in one window, every new one is refused until the window turns.
 */
export interface ReportThrottle {
  /** Counts one attempt from `address`; false when it is past the limit. */
  allow(address: string, now?: number): boolean;
}

export function reportThrottle(limit: number, windowMs = 3_600_000, maxKeys = 100_000): ReportThrottle {
  let salt = randomBytes(32);
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    allow(address, now = Date.now()) {
      if (now - windowStart >= windowMs) {
        salt = randomBytes(32);
        counts = new Map();
        windowStart = now;
      }
      const key = createHmac('sha256', salt).update(address).digest('base64url');
      const seen = counts.get(key);
      if (seen === undefined && counts.size >= maxKeys) return false;
      const next = (seen ?? 0) + 1;
      counts.set(key, next);
      return next <= limit;
    },
  };
}
