import { describe, expect, it } from 'vitest';
import { tokens, visualRuns, withoutBidiControls, wrap } from './bidi.js';

describe('visual runs', () => {
  it.each([
    ['Latin in a left-to-right paragraph', 'Receipt 2026-GN-0001234', 'ltr', [['Receipt 2026-GN-0001234', 'ltr']]],
    ['Arabic alone', 'رقم الطلب', 'rtl', [['رقم الطلب', 'rtl']]],
    ['a number inside Arabic', 'رقم الطلب 2026-GN-0001234', 'rtl', [['2026-GN-0001234', 'ltr'], ['رقم الطلب ', 'rtl']]],
    ['Arabic-Indic digits stay left to right', 'بتاريخ ٥ ديسمبر ٢٠٢٦', 'rtl', [['٢٠٢٦', 'ltr'], [' ديسمبر ', 'rtl'], ['٥', 'ltr'], ['بتاريخ ', 'rtl']]],
    ['Arabic inside an English line', 'Title: مشروع', 'ltr', [['Title: ', 'ltr'], ['مشروع', 'rtl']]],
    ['a trailing colon takes the paragraph direction', 'الرقم:', 'rtl', [['الرقم:', 'rtl']]],
    ['a colon between Latin and Arabic takes the paragraph direction', 'No: رقم', 'ltr', [['No: ', 'ltr'], ['رقم', 'rtl']]],
  ] as const)('%s', (_name, line, base, expected) => {
    const runs = visualRuns(line, base);
    // Adjacent runs of one direction may be split at a neutral; what matters is the text and direction drawn in order.
    const merged: [string, string][] = [];
    for (const { text, direction } of runs) {
      const last = merged[merged.length - 1];
      if (last && last[1] === direction) last[0] = base === 'rtl' ? text + last[0] : last[0] + text;
      else merged.push([text, direction]);
    }
    expect(merged).toEqual(expected);
  });

  it('drops the invisible marks date formatters insert', () => {
    expect(withoutBidiControls('\u200f٥\u200f/\u061c١٢')).toBe('٥/١٢');
  });
});

describe('wrapping', () => {
  const measure = (text: string) => [...text].length;

  it.each([
    ['words', 'one two three four', 5, ['one', 'two', 'three', 'four']],
    ['words that fit together', 'one two three four', 9, ['one two', 'three', 'four']],
    ['Chinese without spaces', '申请已受理', 2, ['申请', '已受', '理']],
    ['Korean with spaces', '건축 허가 신청', 5, ['건축 허가', '신청']],
    ['a word longer than the line', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['nothing', '   ', 4, []],
  ] as const)('%s', (_name, text, width, expected) => {
    expect(wrap(text, width, measure)).toEqual(expected);
  });

  it('keeps the spaces of a mixed line and none inside Chinese', () => {
    expect(tokens('受理 No.7')).toEqual([{ text: '受', spaceBefore: false }, { text: '理', spaceBefore: false }, { text: 'No.7', spaceBefore: true }]);
  });
});
