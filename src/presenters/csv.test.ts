import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "no"', '"say ""no"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['mid=dle', 'mid=dle'],
    ['', ''],
    ['지연 사유: 보완', '지연 사유: 보완'],
  ])('escapes %j as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    [-5, '-5'],
    [0.25, '0.25'],
    [Number.NaN, ''],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    [new Date('2026-03-01T00:00:00Z'), '2026-03-01T00:00:00.000Z'],
  ])('writes %j as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, '=1']])).toBe('a,b\r\n1,"x,y"\r\n,\'=1\r\n');
  });
});
