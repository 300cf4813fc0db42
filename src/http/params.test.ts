import { describe, expect, it } from 'vitest';
import { parseId } from './params.js';

describe('parseId', () => {
  it.each([
    ['1', 1], ['42', 42], [' 7 ', 7], ['2147483647', 2147483647],
    ['0', undefined], ['-1', undefined], ['2147483648', undefined], ['9007199254740993', undefined], ['1e3', undefined],
    ['1.5', undefined], ['abc', undefined], ['', undefined], ['0x10', undefined], [undefined, undefined], [['1'], undefined],
  ])('%j → %j', (text, expected) => expect(parseId(text)).toBe(expected));
});
