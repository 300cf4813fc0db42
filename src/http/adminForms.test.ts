import { describe, expect, it } from 'vitest';
import { jurisdictionDraft, officialDraft } from './adminForms.js';

describe('the official form as a draft', () => {
  it.each<[string, unknown, string[]]>([
    ['no role ticked', {}, []],
    ['one role ticked (a single value)', { roles: 'clerk' }, ['clerk']],
    ['several roles ticked (a list)', { roles: ['official', 'supervisor'] }, ['official', 'supervisor']],
  ])('%s', (_name, body, roles) => {
    expect(officialDraft({}, body).roles).toEqual(roles);
  });

  it('takes the login in lower case without spaces, a blank password as none, and an unreadable unit as 0', () => {
    expect(officialDraft({ login: '  Kim.Official ', password: '', unit_id: 'x', active: 'yes' }, {})).toMatchObject({ login: 'kim.official', password: undefined, unitId: 0, active: true });
  });
});

describe('the jurisdiction form as a draft', () => {
  it.each<[string | undefined, 'required' | 'optional' | undefined]>([
    ['required', 'required'],
    ['optional', 'optional'],
    ['', undefined],
    ['sometimes', undefined],
    [undefined, undefined],
  ])('second factor for other roles %j: %j', (given, expected) => {
    const v: Record<string, string> = given === undefined ? {} : { second_factor_others: given };
    expect(jurisdictionDraft(v).secondFactorOthers).toBe(expected);
  });
});
