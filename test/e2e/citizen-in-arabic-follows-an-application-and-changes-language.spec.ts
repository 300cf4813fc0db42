import { expect, test } from '@playwright/test';
import { expectAccessible, message } from './support.js';

test.use({ locale: 'ar-EG', extraHTTPHeaders: { 'Accept-Language': 'ar-EG,ar;q=0.9' } });

test('a citizen reading Arabic follows a city application from the register to its page, then switches to French', async ({ page }) => {
  await page.goto('/register?jurisdiction=HN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('ar', 'register.title'));
  await expectAccessible(page, 'register in Arabic');

  // Application numbers stay left to right inside the Arabic table.
  const first = page.locator('table.register tbody tr').first().locator('a').first();
  await expect(first).toHaveAttribute('dir', 'ltr');
  await expect(first).toHaveText(/^\d{4}-HN-\d{7}$/);
  // The city names its procedures in Arabic; no note of a fallback language on its rows.
  await expect(page.locator('table.register tbody tr').first().locator('.fallback-lang')).toHaveCount(0);
  await first.click();

  await expect(page).toHaveURL(/\/applications\/\d{4}-HN-\d{7}$/);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: message('ar', 'application.stages') })).toBeVisible();
  await expect(page.getByText(message('ar', 'application.procedure'), { exact: true })).toBeVisible();
  // The city's departments are named in Arabic (Arabic letters in the department's row).
  await expect(page.locator('dl.facts dd').nth(1)).toHaveText(/[\u0600-\u06FF]/);
  await expectAccessible(page, 'application in Arabic');

  // The language switcher names each language in itself; French is remembered from then on.
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { name: message('fr', 'application.stages') })).toBeVisible();
  await expectAccessible(page, 'application in French');
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('fr', 'register.title'));
});
