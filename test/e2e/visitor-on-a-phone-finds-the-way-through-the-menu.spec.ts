import { expect, test } from '@playwright/test';
import { expectAccessible } from './support.js';

test('a visitor on a phone opens the menu (a plain details element) and reaches the register', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto('/lang/ko?back=/');
  // On a phone the links are folded: only the Menu shows, and the header takes one line.
  const menu = page.locator('details.nav-menu > summary');
  await expect(menu).toBeVisible();
  await expect(page.locator('.nav-wide')).toBeHidden();
  const header = await page.locator('.site-header').boundingBox();
  expect(header!.height).toBeLessThan(90);
  await expectAccessible(page, 'home on a phone, menu closed');
  await page.screenshot({ path: '.scratch/menu-closed-390.png' });

  await menu.click();
  const inMenu = page.locator('details.nav-menu').getByRole('link', { name: '처리현황 검색' });
  await expect(inMenu).toBeVisible();
  await expectAccessible(page, 'home on a phone, menu open');
  await page.screenshot({ path: '.scratch/menu-open-390.png' });
  await inMenu.click();
  await expect(page).toHaveURL(/\/register/);

  // The seven languages fold the same way: the current one shows, the others open from it.
  const languages = page.locator('details.lang-menu > summary');
  await expect(languages).toContainText('한국어');
  await expect(page.locator('.lang-wide')).toBeHidden();
  await languages.click();
  await expectAccessible(page, 'register on a phone, languages open');
  await page.locator('details.lang-menu').getByRole('link', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page).toHaveURL(/\/register/);
  await expect(page.locator('details.lang-menu > summary')).toContainText('العربية');
  await page.screenshot({ path: '.scratch/languages-ar-390.png' });
  await page.goto('/lang/ko?back=/register');

  // On a desktop the same links are a row, and neither disclosure is there.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator('details.nav-menu')).toBeHidden();
  await expect(page.locator('details.lang-menu')).toBeHidden();
  await expect(page.locator('.nav-wide').getByRole('link', { name: '처리현황 검색' })).toBeVisible();
  await expectAccessible(page, 'register on a desktop');
  await page.screenshot({ path: '.scratch/menu-desktop-1280.png' });
  await context.close();
});
