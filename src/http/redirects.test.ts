import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './redirects.js';

describe('safeLocalPath', () => {
  it.each(['/office', '/office/applications/2026-DB-0000042', '/register?q=%ED%95%9C%EA%B0%95&status=received', '/office?q=a%20b#top', '/'])('keeps the local path %j', (path) => {
    expect(safeLocalPath(path, '/office')).toBe(path);
  });

  it.each([
    ['//evil.example', 'protocol-relative'],
    ['/\\evil.example', 'backslash'],
    ['/%09/evil.example', 'encoded tab'],
    ['/\t/evil.example', 'tab'],
    ['/%2F/evil.example', 'encoded slash'],
    ['/%5Cevil.example', 'encoded backslash'],
    ['/office\nSet-Cookie: x=1', 'newline'],
    ['/office /x', 'space'],
    ['/\u0000', 'NUL'],
    ['https://evil.example/', 'absolute URL'],
    ['javascript:alert(1)', 'script URL'],
    ['office', 'relative path'],
    ['', 'empty'],
    ['/%E0%A4%A', 'malformed escape'],
  ])('refuses %j (%s)', (value) => {
    expect(safeLocalPath(value, '/office')).toBe('/office');
  });

  it('refuses what is not a string', () => {
    expect(safeLocalPath(undefined, '/x')).toBe('/x');
    expect(safeLocalPath(['/office'], '/x')).toBe('/x');
  });
});
