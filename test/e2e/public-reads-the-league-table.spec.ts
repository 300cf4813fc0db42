import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';

test('the public reads the demo city’s league table of departments', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Statistics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Performance statistics' })).toBeVisible();
  await page.getByLabel('Decided in').selectOption('all');
  await page.getByRole('button', { name: 'Show' }).click();
  const league = page.locator('[data-testid^="league-"]').first();
  await expect(league.locator('caption')).toContainText('League table of departments');
  await expect(league.locator('tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'statistics');
  await context.close();
});
