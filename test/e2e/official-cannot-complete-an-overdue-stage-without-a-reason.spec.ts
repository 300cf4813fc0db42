import { expect, test } from '@playwright/test';
import { registerOverdueCase } from './late.js';
import { expectAccessible, expectRecorded, signIn, useEnglish } from './support.js';

test('an official cannot complete an overdue stage without giving a reason, and the reason appears publicly', async ({ browser }) => {
  const office = await browser.newContext();
  const desk = await office.newPage();
  await useEnglish(desk);
  await signIn(desk, 'db.build.head');
  const number = await registerOverdueCase(desk, 'Corner shop, e2e overdue journey');
  await expectAccessible(desk, 'case page with an overdue stage');

  const complete = desk.locator('form', { has: desk.getByRole('button', { name: /^Complete: / }) }).first();
  await complete.getByRole('button', { name: /^Complete: / }).click();
  await expect(desk.getByRole('alert')).toContainText('record the reason for the delay');
  await expectAccessible(desk, 'refused completion');

  const reasonForm = desk.locator('form.delay-reason');
  await expect(reasonForm.getByLabel('Stage')).toContainText('(Overdue)');
  // The reason is chosen from a list (so the statistics count it in every language), with the office's own words.
  await reasonForm.getByLabel(/^Why is it late\?/).selectOption({ label: 'Workload of the office' });
  await reasonForm.getByLabel('Reason for the delay (published)').fill('The structural engineer was on leave for two weeks');
  await reasonForm.getByRole('button', { name: 'Give the reason for a delay' }).click();
  await expectRecorded(desk);

  await desk.locator('form', { has: desk.getByRole('button', { name: /^Complete: / }) }).first().getByRole('button', { name: /^Complete: / }).click();
  await expectRecorded(desk);
  await office.close();

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await useEnglish(page);
  await page.goto(`/applications/${number}`);
  await expect(page.locator('.timeline')).toContainText('Reason for the delay given');
  await expect(page.locator('.timeline')).toContainText('Workload of the office');
  await expect(page.locator('.timeline')).toContainText('The structural engineer was on leave for two weeks');
  await expect(page.locator('.stage').first()).toContainText('Completed late');
  await expectAccessible(page, 'public page with a delay reason');
  await visitor.close();
});
