import { describe, expect, it } from 'vitest';
import { fileSize } from './data.js';

describe('fileSize', () => {
  // The page's words for each unit, with the number as the page's language formats it (here plainly).
  const ctx = { t: (key: string, values?: Record<string, unknown>) => `${String(values?.n)} ${key.split('.')[1]}`, fmt: { number: (n: number) => String(n) } };
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1_000, '1 kilobytes'],
    [173_495, '173.5 kilobytes'],
    [999_949, '999.9 kilobytes'],
    [999_950, '1 megabytes'],
    [1_641_000_000, '1641 megabytes'],
  ])('%d bytes read as %s (SI prefixes, as kB and MB mean)', (n, want) => {
    expect(fileSize(ctx as unknown as Parameters<typeof fileSize>[0], n)).toBe(want);
  });
});
