import { expect, test } from '@playwright/test';
import { authenticatorCode, expectAccessible, signIn, useEnglish } from './support.js';

const LOGIN = 'sb.build.head';

test('an official enrols a second factor, signs in with a code and a recovery code, and ends another session', async ({ browser }) => {
  // An administrator resets the official's second factor, as after a lost phone.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await useEnglish(admin);
  await signIn(admin, 'admin');
  await admin.goto('/admin');
  await admin.getByRole('link', { name: LOGIN, exact: true }).click();
  await admin.getByRole('link', { name: 'Sign-in: second factor and sessions' }).click();
  await expectAccessible(admin, 'administrator’s view of an official’s sign-in');
  await admin.getByRole('button', { name: 'Reset second factor' }).click();
  await expect(admin.locator('p.notice[role="status"]')).toContainText('second factor was reset');
  await adminContext.close();

  // The official wants the counter page; the password is right, and the office stays closed until they enrol.
  const deskContext = await browser.newContext();
  const desk = await deskContext.newPage();
  await useEnglish(desk);
  await desk.goto('/office/register');
  await expect(desk).toHaveURL(/\/office\/login\?next=%2Foffice%2Fregister/);
  await expectAccessible(desk, 'sign-in form');
  await desk.getByLabel('Login').fill(LOGIN);
  await desk.getByLabel('Password').fill('daylight-demo');
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await expect(desk).toHaveURL(/\/office\/sign-in\/enrol\?next=%2Foffice%2Fregister/);
  await expect(desk.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(desk, 'enrolment page');
  const secret = (await desk.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await desk.getByLabel('Code shown by the app').fill('000000');
  await desk.getByRole('button', { name: 'Confirm' }).click();
  await expect(desk.getByRole('alert')).toContainText('not right');
  await expectAccessible(desk, 'enrolment page with a wrong code');
  await desk.getByLabel('Code shown by the app').fill(await authenticatorCode(LOGIN, secret));
  await desk.getByRole('button', { name: 'Confirm' }).click();
  await expect(desk.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expectAccessible(desk, 'recovery codes page');
  const codes = (await desk.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await desk.getByRole('link', { name: /I have saved them/ }).click();
  await expect(desk).toHaveURL(/\/office\/register$/);

  // The same official on a second device, with the next code from the app.
  const laptopContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  await useEnglish(laptop);
  await signIn(laptop, LOGIN, 'daylight-demo', secret);

  // From the first device: account security, then the sessions, ending the other one.
  await desk.getByRole('link', { name: 'Account security' }).click();
  await expect(desk.getByText('10 recovery codes left.')).toBeVisible();
  await expectAccessible(desk, 'account security');
  await desk.getByRole('link', { name: 'See where you are signed in' }).click();
  await expect(desk.getByTestId('current-session')).toHaveCount(1);
  await expect(desk.getByTestId('other-session')).toHaveCount(1);
  await expect(desk.getByTestId('current-session')).toContainText('Chrom');
  await expectAccessible(desk, 'sessions page');
  await desk.getByRole('button', { name: 'Sign out everywhere else (1)' }).click();
  await expect(desk.locator('p.notice[role="status"]')).toContainText('1 other session was signed out');
  await expect(desk.getByTestId('other-session')).toHaveCount(0);
  await laptop.goto('/office');
  await expect(laptop).toHaveURL(/\/office\/login/);
  await laptopContext.close();

  await desk.goto('/office/account/password');
  await expectAccessible(desk, 'change password page');
  await desk.goto('/office/account/sessions?lang=ko');
  await expect(desk.getByRole('heading', { name: '로그인된 기기' })).toBeVisible();
  await expectAccessible(desk, 'sessions page in Korean');
  await useEnglish(desk);

  // Signed out, and the phone left at home: a recovery code, once.
  await desk.goto('/office');
  await desk.getByRole('button', { name: 'Sign out' }).first().click();
  await desk.getByLabel('Login').fill(LOGIN);
  await desk.getByLabel('Password').fill('daylight-demo');
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await expect(desk).toHaveURL(/\/office\/sign-in\/code/);
  await expectAccessible(desk, 'second-factor page');
  await desk.getByLabel('Authentication code').fill(codes[0]!);
  await desk.getByRole('button', { name: 'Continue' }).click();
  await expect(desk).toHaveURL(/\/office$/);
  await desk.getByRole('link', { name: 'Account security' }).click();
  await expect(desk.getByText('9 recovery codes left.')).toBeVisible();
  await deskContext.close();
});
