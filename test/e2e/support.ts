import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

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

/** Signs an official in through the office form. */
export async function signIn(page: Page, login: string, password = 'daylight-demo'): Promise<void> {
  await page.goto('/office/login');
  await page.getByLabel(/Login|아이디/).fill(login);
  await page.getByLabel(/Password|비밀번호/).fill(password);
  await page.getByRole('button', { name: /Sign in|로그인/ }).click();
  await expect(page).toHaveURL(/\/office/);
}

/** Switches the interface to English (remembered in a cookie) so assertions read in one language. */
export async function useEnglish(page: Page): Promise<void> {
  await page.goto('/lang/en?back=/');
}
