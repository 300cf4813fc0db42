import { expect, test } from '@playwright/test';
import { expectAccessible, headOf, signIn, useEnglish } from './support.js';

test('a head of division files the yearly declaration and the public sees only its bands', async ({ browser }) => {
  const office = await browser.newContext();
  const page = await office.newPage();
  await useEnglish(page);
  await signIn(page, headOf('DB-BUILD'));
  // The queue reminds an official who must file and has not.
  await page.goto('/office');
  await expect(page.getByTestId('declaration-reminder')).toBeVisible();
  await page.getByTestId('declaration-reminder').getByRole('link', { name: 'File it now' }).click();
  await expect(page.getByRole('heading', { name: 'Yearly declaration of assets and interests', level: 1 })).toBeVisible();
  await expectAccessible(page, 'declaration form');

  await page.locator('[name="asset_0_category"]').selectOption('real_estate');
  await page.locator('[name="asset_0_description"]').fill('Flat, 12 Haneul-ro 1203');
  await page.locator('[name="asset_0_value"]').fill('487,654,321');
  await page.locator('[name="asset_1_category"]').selectOption('deposits');
  await page.locator('[name="asset_1_holder"]').selectOption('spouse');
  await page.locator('[name="asset_1_description"]').fill('Savings account');
  await page.locator('[name="asset_1_value"]').fill('30000000');
  await page.locator('[name="interest_0_company"]').fill('Hanbit Construction');
  await page.getByRole('button', { name: 'File declaration' }).click();
  // A relative's asset needs the relative's name; what was typed stays.
  await expect(page.locator('#f-asset_1_holder_name-error')).toBeVisible();
  await expect(page.locator('[name="asset_0_value"]')).toHaveValue('487,654,321');
  await expectAccessible(page, 'declaration refused');
  await page.locator('[name="asset_1_holder_name"]').fill('Kim Ji-woo');
  await page.getByRole('button', { name: 'File declaration' }).click();
  await expect(page.getByText('Your declaration was filed.')).toBeVisible();
  await expect(page.getByTestId('declaration-version-1')).toContainText('Kim Ji-woo');
  await expectAccessible(page, 'declaration filed');
  await office.close();

  const visitor = await browser.newContext();
  const pub = await visitor.newPage();
  await useEnglish(pub);
  await pub.goto('/integrity/declarations');
  const register = pub.getByTestId('declaration-register');
  await expect(register).toContainText('Building');
  await expect(register).toContainText('₩ 300,000,001–1,000,000,000');
  await expect(register).toContainText('Filed late');
  const text = await pub.content();
  for (const secret of ['487,654,321', '487654321', 'Kim Ji-woo', 'Haneul-ro', 'Hanbit']) expect(text).not.toContain(secret);
  await expectAccessible(pub, 'public register of declarations');
  await visitor.close();
});
