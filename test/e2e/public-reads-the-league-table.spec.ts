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

  // The month-by-month trend: an SVG image named and described, its words, and the data table behind it.
  const onTime = page.getByRole('img', { name: /Share decided on time per month/ });
  await expect(onTime).toBeVisible();
  await expect(page.getByRole('img', { name: /Median working days to a decision per month/ })).toBeVisible();
  // The small demo has few decisions a month, so months may be withheld; the words say which, and match the picture.
  const words = (await page.locator('p.chart-text').first().textContent())!;
  expect(words).toMatch(/the share decided on time went from \d+(\.\d)?% to \d+(\.\d)?%|Not enough decisions in any month/);
  await expect(onTime.locator('path.chart-line')).toHaveCount(words.startsWith('Not enough') ? 0 : 1);
  await expect(page.getByTestId('trend-table').locator('tbody tr').first()).toBeVisible();
  // Where the jurisdiction publishes names, figures per official.
  await expect(page.locator('[data-testid^="officials-"]').first().locator('tbody tr').first()).toBeVisible();

  // The trend of one department, chosen without JavaScript through the same form.
  const trendFor = page.getByLabel('Trend for');
  const unit = await trendFor.locator('option').nth(1).textContent();
  await trendFor.selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Month by month: ${unit!.trim()}` })).toBeVisible();
  await expect(page.getByTestId('trend-table').locator('tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'statistics, one department’s trend');
  await context.close();
});
