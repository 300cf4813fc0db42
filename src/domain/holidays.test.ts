import { describe, expect, it } from 'vitest';
import { ownName } from './holidays.js';

describe('a holiday’s own name, without the suffix the library adds to substitutes', () => {
  it.each<[string, boolean, string]>([
    ['Liberation Day (substitute day)', true, 'Liberation Day'],
    ['광복절 (대체공휴일)', true, '광복절'],
    ['광복절 (대체 공휴일)', true, '광복절'],
    ['Liberation Day', true, 'Liberation Day'],
    // A holiday that is not a substitute keeps whatever its name says.
    ['Day (substitute day)', false, 'Day (substitute day)'],
  ])('%s', (name, substitute, expected) => {
    expect(ownName(name, substitute)).toBe(expected);
  });
});
