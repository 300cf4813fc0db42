import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, useEnglish } from './support.js';

test('an administrator chooses the open-data licence, the BLDS formats and a procedure’s BLDS type', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await signIn(page, 'admin');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Open data settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Open data settings' })).toBeVisible();
  await expectAccessible(page, 'open data settings');

  await page.getByLabel('Creative Commons Attribution 4.0 International').check();
  const jsonBox = page.getByRole('checkbox', { name: /Dongbu-gu.*: JSON/ });
  await jsonBox.uncheck();
  const type = page.locator('select[name="type_DB_building-permit"]');
  await type.selectOption('Demolition');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('p.notice[role="status"]')).toBeVisible();
  await expect(page.getByLabel('Creative Commons Attribution 4.0 International')).toBeChecked();
  await expect(jsonBox).not.toBeChecked();
  await expect(type).toHaveValue('Demolition');
  await expectAccessible(page, 'open data settings, saved');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `.scratch/admin-open-data-${width}.png` });
  }
  await context.close();
});
