import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { TOTP_PERIOD_S, totpCode, totpStep } from '../../src/domain/totp.js';
import { DEMO_TOTP_SECRET } from '../../src/demo/secrets.js';

/** Runs axe on the page and fails with the list of violations, if any. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(summary, `accessibility violations on ${label}`).toEqual([]);
}

/** The smallest valid PDF, as a file to upload. */
export const pdf = (name = 'document.pdf') => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
});

// The last TOTP step each login used in this run: the server accepts a code once, so a second sign-in of the same
// official within 30 s takes the next step's code (accepted a step early), or waits for it.
const lastSteps = new Map<string, number>();

/** A fresh authenticator code for `login`, as an app enrolled with `secret` shows it (waiting out a step when needed). */
export async function authenticatorCode(login: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const last = lastSteps.get(login) ?? -1;
  let step = Math.max(totpStep(new Date()), last + 1);
  if (step > totpStep(new Date()) + 1) await new Promise((r) => setTimeout(r, (step - 1) * TOTP_PERIOD_S * 1000 - Date.now() + 50));
  step = Math.max(totpStep(new Date()), last + 1);
  lastSteps.set(login, step);
  return totpCode(secret, new Date(step * TOTP_PERIOD_S * 1000));
}

/** Signs an official in through the office form and the second step (a code from the demo's published TOTP key). */
export async function signIn(page: Page, login: string, password = 'daylight-demo', secret = DEMO_TOTP_SECRET): Promise<void> {
  await page.goto('/office/login');
  await page.getByLabel(/Login|아이디/).fill(login);
  await page.getByLabel(/Password|비밀번호/).fill(password);
  await page.getByRole('button', { name: /Sign in|로그인/ }).click();
  await expect(page).toHaveURL(/\/office\/sign-in\/code/);
  await page.getByLabel(/Authentication code|인증 코드/).fill(await authenticatorCode(login, secret));
  await page.getByRole('button', { name: /Continue|계속/ }).click();
  // Officials land on their queue; an administrator without casework on administration.
  await expect(page).toHaveURL(/\/(office|admin)/);
  await expect(page).not.toHaveURL(/\/office\/(login|sign-in)/);
}

/** Switches the interface to English (remembered in a cookie) so assertions read in one language. */
export async function useEnglish(page: Page): Promise<void> {
  await page.goto('/lang/en?back=/');
}

/** Fills and submits the online application form of a procedure; returns the receipt. */
export async function applyOnline(page: Page, jurisdiction: string, code: string, title: string): Promise<{ number: string; accessCode: string }> {
  await page.goto(`/procedures/${jurisdiction}/${code}/apply`);
  await page.getByLabel(/Project title|사업명/).fill(title);
  await page.getByLabel(/^Address|^주소/).fill('77 Haneul-daero');
  await page.getByLabel(/^Name|^성명/).fill('Applicant Canary-Qz81');
  await page.getByLabel(/^E-mail|^이메일/).fill('canary-qz81@example.org');
  for (const input of await page.locator('input[name^="field_"], textarea[name^="field_"]').all()) {
    const numeric = (await input.getAttribute('inputmode')) === 'decimal';
    await input.fill(numeric ? '120' : 'Sample text');
  }
  for (const input of await page.locator('input[type="file"]').all()) await input.setInputFiles(pdf());
  // The answers are checked on a page of their own; the application is filed from there.
  await page.getByRole('button', { name: /^(Continue|다음)$/ }).click();
  await page.getByRole('button', { name: /Submit application|신청서 제출/ }).click();
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();
  const accessCode = (await page.getByTestId('access-code').textContent())!.trim();
  return { number, accessCode };
}

/** The demo's naming of officials: the first officer of a unit `DB-ROADS` signs in as `db.roads.1`. */
export const officerOf = (unitCode: string) => `${unitCode.toLowerCase().replace('-', '.')}.1`;
export const headOf = (unitCode: string) => `${unitCode.toLowerCase().replace('-', '.')}.head`;

/** Waits for the office's confirmation that an act was recorded. */
export async function expectRecorded(page: Page): Promise<void> {
  await expect(page.locator('p.notice[role="status"]')).toContainText(/Recorded|기록되었습니다/);
}

/** The newest link with `pathPrefix` in an e-mail to `email`, read from the developer's mail page (no SMTP in e2e). */
export async function mailLinkFor(page: Page, email: string, pathPrefix: string, subject?: RegExp | string): Promise<string> {
  let link = '';
  const pattern = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/.]/g, (c) => `\\${c}`)}[A-Za-z0-9_.-]+`);
  await expect
    .poll(async () => {
      await page.goto('/dev/mail');
      const card = page.locator('article.card', { hasText: email }).filter(subject ? { hasText: subject } : {}).first();
      if (!(await card.count())) return '';
      link = (await card.locator('pre').textContent())?.match(pattern)?.[0] ?? '';
      return link;
    }, { timeout: 20_000 })
    .not.toBe('');
  return new URL(link).pathname;
}

/** A catalogue's message for a key, read from the same JSON file the server reads, to assert a page is in a language. */
export function message(locale: string, key: string): string {
  const file = JSON.parse(readFileSync(new URL(`../../src/i18n/catalogues/${locale}.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
  const entry = file[key];
  if (!entry) throw new Error(`no message ${key} in ${locale}`);
  return entry.message;
}
