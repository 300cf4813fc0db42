import { expect, test } from '@playwright/test';
import { expectAccessible, message } from './support.js';

test.use({ locale: 'fr-CA', extraHTTPHeaders: { 'Accept-Language': 'fr-CA,fr;q=0.9' } });

test('the public reading French finds the statistics with French months, numbers and names', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByRole('navigation', { name: message('fr', 'nav.main') }).getByRole('link', { name: message('fr', 'nav.statistics') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('fr', 'stats.title'));
  // The city is named in French; the districts, which offer Korean and English only, show Korean marked as such.
  await expect(page.getByRole('heading', { level: 2, name: 'Ville métropolitaine de Haneul' })).toBeVisible();
  await expect(page.locator('.fallback-lang').first()).toHaveText('(en coréen)');
  await expect(page.locator('[lang="ko"]').first()).toBeVisible();
  // The chart's month labels are French ("janv.", "févr.", …).
  const months = await page.locator('.chart-x-label').allTextContents();
  expect(months.length).toBeGreaterThan(0);
  expect(months.join(' ')).toMatch(/janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc/);
  await expectAccessible(page, 'statistics in French');
});
