import { expect, type Page } from '@playwright/test';
import { expectRecorded, pdf } from './support.js';

/** `datetime-local` text for a moment `days` ago at 10:00, in Seoul time (the demo city's zone). */
export function daysAgo(days: number, hour = 10): string {
  const d = new Date(Date.now() - days * 86_400_000 + 9 * 3_600_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

/**
 * With a supervisor signed in: registers a building permit received at the counter five weeks ago and records the
 * start of its first stage the next day, so that stage is long overdue now. Returns the application number.
 */
export async function registerOverdueCase(page: Page, title: string): Promise<string> {
  await page.goto('/office/register/DB/building-permit');
  await page.getByLabel('Received at').fill(daysAgo(35));
  await page.getByLabel(/Project title/).fill(title);
  await page.getByLabel(/^Address/).fill('3 Deadline-ro');
  await page.getByLabel(/^Name/).fill('Applicant Canary-Lt55');
  for (const input of await page.locator('input[name^="field_"], textarea[name^="field_"]').all()) {
    const numeric = (await input.getAttribute('inputmode')) === 'decimal';
    await input.fill(numeric ? '80' : 'Sample text');
  }
  for (const input of await page.locator('input[type="file"]').all()) await input.setInputFiles(pdf());
  await page.getByRole('button', { name: 'Register application' }).click();
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();
  await page.goto(`/office/applications/${number}`);
  const start = page.locator('form', { has: page.getByRole('button', { name: /^Start: / }) }).first();
  await start.locator('summary').click();
  await start.getByLabel('When it happened').fill(daysAgo(34));
  await start.getByRole('button', { name: /^Start: / }).click();
  await expectRecorded(page);
  return number;
}

export { expect };
