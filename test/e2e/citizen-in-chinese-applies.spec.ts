import { expect, test } from '@playwright/test';
import { expectAccessible, message, pdf } from './support.js';

test.use({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' } });

test('a citizen reading Chinese applies to the city for a performance venue and gets a receipt in Chinese', async ({ page }) => {
  await page.goto('/procedures');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('zh', 'catalogue.title'));
  await expectAccessible(page, 'catalogue in Chinese');

  // The city's procedure is named in Chinese; the page says nothing about a fallback language.
  await page.getByRole('link', { name: '演出场所登记' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '演出场所登记' })).toBeVisible();
  await expect(page.getByText('受理及材料审查')).toBeVisible();
  await expectAccessible(page, 'procedure in Chinese');

  await page.getByRole('link', { name: message('zh', 'procedure.apply_online') }).click();
  await page.getByRole('button', { name: message('zh', 'apply.continue'), exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(message('zh', 'form.errors_title'));
  await expectAccessible(page, 'application form with errors in Chinese');

  await page.getByLabel(message('zh', 'apply.project_title')).fill('天空剧场改建');
  await page.getByLabel(new RegExp(`^${message('zh', 'apply.address')}`)).fill('하늘특별시 중앙로 12');
  await page.getByLabel(new RegExp(`^${message('zh', 'apply.name')}`)).fill('Applicant Canary-Zh77');
  await page.getByLabel(new RegExp(`^${message('zh', 'apply.email')}`)).fill('canary-zh77@example.org');
  for (const input of await page.locator('input[name^="field_"], textarea[name^="field_"]').all()) {
    await input.fill((await input.getAttribute('inputmode')) === 'decimal' ? '320' : '剧场');
  }
  for (const input of await page.locator('input[type="file"]').all()) await input.setInputFiles(pdf('plan.pdf'));
  await page.getByRole('button', { name: message('zh', 'apply.continue'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('zh', 'check.title'));
  await expectAccessible(page, 'check your answers in Chinese');
  await page.getByRole('button', { name: message('zh', 'apply.submit') }).click();

  await expect(page.getByRole('heading', { name: message('zh', 'receipt.title') })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^\d{4}-HN-\d{7}$/);
  // Dates are written the Chinese way: 2026年12月6日.
  await expect(page.locator('main')).toContainText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expectAccessible(page, 'receipt in Chinese');
});
