import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './redirects.js';

describe('safeLocalPath', () => {
  it.each([
    ['/office', '/office'],
    ['/office/applications/2026-DB-0000001?done=stage_started#x', '/office/applications/2026-DB-0000001?done=stage_started#x'],
    ['/follow?kind=area&place=%EC%84%9C%EC%9A%B8', '/follow?kind=area&place=%EC%84%9C%EC%9A%B8'],
    ['//evil.example', '/f'],
    ['/\\evil.example', '/f'],
    ['/%09/evil.example', '/f'],
    ['/%5cevil.example', '/f'],
    ['/\t/evil.example', '/f'],
    ['/\n/evil.example', '/f'],
    ['/%0d%0aSet-Cookie:x', '/f'],
    ['https://evil.example/', '/f'],
    ['evil.example', '/f'],
    ['javascript:alert(1)', '/f'],
    ['', '/f'],
    [undefined, '/f'],
    [['/a'], '/f'],
    ['/ office', '/f'],
    ['/' + 'a'.repeat(2000), '/f'],
  ])('%j → %j', (given, expected) => {
    expect(safeLocalPath(given, '/f')).toBe(expected);
  });
});
