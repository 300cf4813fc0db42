import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, useEnglish } from './support.js';

test('an auditor reviews a planted signal, refers it, and the public sees only the count', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await signIn(page, 'auditor');
  await page.goto('/office/signals');
  await expect(page.getByRole('heading', { level: 1, name: 'Signals for auditors' })).toBeVisible();
  await expectAccessible(page, 'signals');

  // The demo plants a gift from an applicant to the official who handled their case.
  const row = page.locator('tr', { hasText: 'Gift near a case' }).first();
  await expect(row).toContainText('came from the applicant');
  await row.getByRole('button', { name: 'Record the review' }).click();
  await expect(page.locator('.error').first()).toContainText('Choose whether to dismiss the signal or refer it');
  await expectAccessible(page, 'review refused');
  const again = page.locator('tr', { hasText: 'Gift near a case' }).first();
  await again.getByLabel('Referred for investigation').check();
  await again.getByLabel('Reason').fill('Gift accepted from an applicant days after filing.');
  await again.getByRole('button', { name: 'Record the review' }).click();
  await expect(page.locator('p.notice')).toContainText('referred for investigation');
  await expect(page.locator('tr', { hasText: 'Gift near a case' }).first().getByTestId('review')).toContainText('Referred for investigation');
  await context.close();

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await useEnglish(publicPage);
  await publicPage.goto('/integrity/signals');
  const counts = publicPage.getByTestId('signal-counts');
  await expect(counts).toBeVisible();
  const referred = await counts.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(referred.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  await expect(publicPage.locator('body')).not.toContainText('Gift accepted from an applicant');
  await expectAccessible(publicPage, 'public counts');
  await publicPage.goto('/integrity/gifts');
  await expect(publicPage.getByTestId('gift-register')).toContainText('Accepted');
  await expectAccessible(publicPage, 'public gift register');
  await visitor.close();
});
