import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../domain/types.js';
import { GOLDEN_ROWS, goldenVector, type GoldenVector } from '../../test/golden/rows.js';

/**
 * A leaf of the log is a frozen contract (ADR 0002): once a proof of it is in someone's hands, no change of code may
 * change its bytes. These vectors pin, for every event type, a stored row and the exact leaf it produces.
 */
const vectors: GoldenVector[] = JSON.parse(fs.readFileSync(new URL('../../test/golden/leaves.json', import.meta.url), 'utf8'));

describe('golden log leaves', () => {
  it('cover every event type', () => {
    expect(EVENT_TYPES.filter((t) => !vectors.some((v) => v.row.type === t))).toEqual([]);
  });

  it('keep every row they were made from', () => {
    for (const v of vectors) {
      const source = GOLDEN_ROWS.find((r) => r.name === v.name);
      expect(source, `${v.name} is gone from test/golden/rows.ts`).toBeDefined();
      expect({ ...source }, v.name).toEqual({ name: v.name, number: v.number, timeZone: v.timeZone, row: v.row });
    }
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: the same bytes, the same leaf hash', (_name, v) => {
    const now = goldenVector(v);
    expect(now.entry).toBe(v.entry);
    expect(now.leaf_hash).toBe(v.leaf_hash);
    // Independently of the log's own hashing: RFC 6962's leaf hash is SHA-256 of 0x00 followed by the entry.
    expect(createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(v.entry, 'utf8')])).digest('hex')).toBe(v.leaf_hash);
  });

  it('write times to the second with the offset the zone had then', () => {
    const late = vectors.find((v) => v.name === 'stage completed, entered late')!;
    expect(late.entry).toContain('"occurred_at":"2026-03-03T17:59:59+09:00"');
    expect(late.entry).toContain('"recorded_at":"2026-03-05T10:00:00+09:00"');
    const dst = vectors.find((v) => v.name === 'rejected in a zone with daylight saving time')!;
    expect(dst.entry).toContain('"occurred_at":"2026-03-08T01:59:59-05:00"');
    expect(dst.entry).toContain('"recorded_at":"2026-03-08T03:00:00-04:00"');
    expect(dst.entry).not.toContain('"log"');
  });
});
