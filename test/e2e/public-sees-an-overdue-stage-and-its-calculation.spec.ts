import { expect, test } from '@playwright/test';
import { registerOverdueCase } from './late.js';
import { expectAccessible, signIn, useEnglish } from './support.js';

test('the public sees a flagged overdue stage and expands its deadline calculation', async ({ browser }) => {
  const office = await browser.newContext();
  const desk = await office.newPage();
  await useEnglish(desk);
  await signIn(desk, 'db.build.head');
  const number = await registerOverdueCase(desk, 'Garden wall, e2e deadline journey');
  await office.close();

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await useEnglish(page);
  await page.goto(`/applications/${number}`);
  const stage = page.locator('.stage-overdue').first();
  await expect(stage).toContainText(/Long overdue|Overdue/);
  const calculation = stage.locator('details.deadline-calculation');
  await expect(calculation.locator('ol')).toBeHidden();
  await calculation.locator('summary').click();
  await expect(calculation.locator('ol')).toBeVisible();
  await expect(calculation).toContainText('The clock starts on');
  await expect(calculation).toContainText('Period: 2 working days');
  await expect(calculation).toContainText('Due:');
  await expectAccessible(page, 'public page with an expanded calculation');
  await visitor.close();
});
