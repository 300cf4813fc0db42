import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, useEnglish } from './support.js';

test('an auditor reviews a red flag of a contracting process and the public sees only the count', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await signIn(page, 'auditor');
  await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Red flags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Red flags of contracting processes' })).toBeVisible();
  await expectAccessible(page, 'red flags');

  // The demo plants a direct award just under the open-tender threshold.
  await page.getByLabel('Kind').selectOption('near_threshold');
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.locator('tr', { hasText: 'Pocket park works' });
  await expect(row).toContainText('under the open-tender threshold of 200,000,000 KRW');
  await row.getByRole('button', { name: 'Record the review' }).click();
  await expect(page.locator('.error-text').first()).toContainText('Choose whether to dismiss the signal or refer it');
  await expectAccessible(page, 'review refused');
  const again = page.locator('tr', { hasText: 'Pocket park works' });
  await again.getByLabel('Referred for investigation').check();
  await again.getByLabel('Reason').fill('Split from the park lighting works a month later; ask for the design file.');
  await again.getByRole('button', { name: 'Record the review' }).click();
  await expect(page.locator('p.notice')).toContainText('referred for investigation');
  await expect(page.getByLabel('Kind')).toHaveValue('near_threshold');
  await expect(page.locator('tr', { hasText: 'Pocket park works' }).getByTestId('flag-review')).toContainText('Referred for investigation');
  await context.close();

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await useEnglish(publicPage);
  await publicPage.goto('/contracts/data');
  const counts = publicPage.getByTestId('flag-counts');
  const referred = await counts.locator('tbody tr td:nth-child(5)').allTextContents();
  expect(referred.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  await expect(publicPage.locator('body')).not.toContainText('Split from the park lighting works');
  await expectAccessible(publicPage, 'public counts');
  await visitor.close();
});
