import { describe, expect, it } from 'vitest';
import { ROLES } from '../domain/types.js';
import { secondFactorRequired } from './secondFactor.js';

describe('who needs a second factor', () => {
  it.each(ROLES.map((r) => [r]))('%s sees personal data: required whatever the jurisdiction says', (role) => {
    expect(secondFactorRequired([role], { mode: 'required', others: 'optional' })).toBe(true);
  });

  it.each([
    [['press_officer'], 'required', true],
    [['press_officer'], 'optional', false],
    [['press_officer', 'clerk'], 'optional', true],
  ] as const)('a role seeing no personal data, %j, with the jurisdiction at %s: %s', (roles, others, expected) => {
    expect(secondFactorRequired(roles, { mode: 'required', others })).toBe(expected);
  });

  it('is never required when the deployment makes it optional', () => {
    expect(secondFactorRequired(['admin'], { mode: 'optional', others: 'required' })).toBe(false);
  });
});
