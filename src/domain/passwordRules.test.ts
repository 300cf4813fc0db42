import { describe, expect, it } from 'vitest';
import { passwordProblems } from './passwordRules.js';

const owner = { login: 'db.build.1', names: ['김민준', 'Kim Min-jun'] };

describe('password rules', () => {
  it.each([
    ['short', 'error.password_short'],
    ['elevenchars', 'error.password_short'],
    ['x'.repeat(129), 'error.password_long'],
    ['my-db.build.1-secret', 'error.password_has_login'],
    ['DB.BUILD.1 rocks the city', 'error.password_has_login'],
    ['김민준의 비밀번호입니다', 'error.password_has_name'],
    ['minjun-loves-permits', 'error.password_has_name'],
    ['KimMinJun-2026!', 'error.password_has_name'],
    ['password1234', 'error.password_common'],
    ['qwertyuiopasdf', 'error.password_common'],
    ['aaaaaaaaaaaaaaaa', 'error.password_common'],
    ['iloveyou12345', 'error.password_common'],
    ['123456789012', 'error.password_common'],
  ])('refuses %j with %s', async (password, key) => {
    const problems = await passwordProblems(password, owner);
    expect(problems.map((p) => p.key)).toEqual([key]);
    expect(problems[0]!.field).toBe('password');
  });

  it.each([
    'a-long-enough-password',
    'correct horse battery',
    'Tr0ub4dor&3 plus more',
    '한강 다리 위의 고양이 세 마리',
    'y'.repeat(3) + ' violet tram 42 lantern',
  ])('accepts %j', async (password) => {
    expect(await passwordProblems(password, owner)).toEqual([]);
  });

  it('names the field it was given', async () => {
    expect((await passwordProblems('short', owner, 'new_password'))[0]).toEqual({ field: 'new_password', key: 'error.password_short', values: { min: 12 } });
  });
});
