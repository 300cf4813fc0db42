import { expect, test } from '@playwright/test';
import { expectAccessible, officerOf, signIn, useEnglish } from './support.js';

// Seobu-gu's rules, so the other declaration journey (Dongbu-gu) keeps the defaults whatever the order.
test('an administrator changes the yearly declaration rules and an official sees the changed form', async ({ browser }) => {
  const admin = await browser.newContext();
  const page = await admin.newPage();
  await useEnglish(page);
  await signIn(page, 'admin');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Yearly declarations: Seobu-gu, Haneul' }).click();
  await expect(page.getByRole('heading', { name: 'Yearly declarations: Seobu-gu, Haneul', level: 1 })).toBeVisible();
  await expect(page.getByText('No change yet')).toBeVisible();
  await expectAccessible(page, 'declaration rules');

  // Bands out of order are refused, naming the field; everything typed stays.
  await page.getByRole('checkbox', { name: 'Gold and jewellery: Offered' }).uncheck();
  await page.getByLabel('Deposits: declared from (won)').fill('20,000,000');
  await page.getByLabel('Month').selectOption({ label: 'March' });
  await page.getByLabel('Day', { exact: true }).fill('31');
  await page.getByLabel('Bands of the public register (won)').fill('200,000,000\n20,000,000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#f-bands-error')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Bands of the public register (won)');
  await expect(page.getByLabel('Deposits: declared from (won)')).toHaveValue('20,000,000');
  await expect(page.getByRole('checkbox', { name: 'Gold and jewellery: Offered' })).not.toBeChecked();
  await expectAccessible(page, 'declaration rules refused');

  await page.getByLabel('Bands of the public register (won)').fill('20,000,000\n200,000,000\n2,000,000,000');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('p.notice[role="status"]')).toHaveText('Saved.');
  const history = page.getByTestId('declaration-rules-history');
  await expect(history).toContainText('due date, categories offered, thresholds, bands of the register');
  await expectAccessible(page, 'declaration rules saved');
  await page.screenshot({ path: '.scratch/declaration-rules-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: '.scratch/declaration-rules-390.png', fullPage: true });
  await admin.close();

  // An official of Seobu-gu who must file sees the new due date, the new threshold, and no gold and jewellery.
  const office = await browser.newContext();
  const form = await office.newPage();
  await useEnglish(form);
  await signIn(form, officerOf('SB-BUILD'));
  await form.goto('/office/declaration');
  const year = new Date().getFullYear();
  await expect(form.getByTestId('declaration-state')).toContainText(`31 Mar ${year}`);
  await expect(form.getByTestId('declaration-thresholds')).toContainText('Deposits: from ₩ 20,000,000');
  await expect(form.getByTestId('declaration-thresholds')).not.toContainText('Gold');
  await expect(form.locator('[name="asset_0_category"] option[value="gold_jewellery"]')).toHaveCount(0);
  await expectAccessible(form, 'declaration form under the changed rules');
  await form.setViewportSize({ width: 1280, height: 900 });
  await form.screenshot({ path: '.scratch/declaration-form-rules-1280.png' });
  await form.setViewportSize({ width: 390, height: 900 });
  await form.screenshot({ path: '.scratch/declaration-form-rules-390.png' });
  await office.close();
});
