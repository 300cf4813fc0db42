import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, useEnglish } from './support.js';

test('an auditor enters a deduction with its reference and publishes last year’s Integrity Index', async ({ browser }) => {
  const year = new Date().getFullYear() - 1;
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await signIn(page, 'auditor');
  await page.goto('/office/integrity');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrity Index' })).toBeVisible();
  await expectAccessible(page, 'office integrity years');
  await page.getByRole('link', { name: `Year ${year}` }).click();
  await expect(page.getByTestId('integrity-year-state')).toContainText('Open. Figures are provisional');
  await expect(page.getByTestId('integrity-units')).toBeVisible();
  await expectAccessible(page, 'office integrity year');

  // A deduction beyond the scale is refused by name; what was typed stays.
  const reference = `Disciplinary decision ${year}-31 (favour accepted for a licence)`;
  await page.getByRole('combobox', { name: 'Department' }).selectOption({ label: 'Housing & Redevelopment Division' });
  await page.getByLabel('Points').fill('12');
  await page.getByLabel('Reference').fill(reference);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a number from 0 to 10');
  await expect(page.getByLabel('Reference')).toHaveValue(reference);
  await expectAccessible(page, 'deduction with an error');
  await page.getByLabel('Points').fill('0.2');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('integrity-units')).toContainText('−0.2');

  await page.getByRole('button', { name: `Publish the index of ${year}` }).click();
  await expect(page.getByTestId('integrity-year-state')).toContainText('Published: the model and the figures are frozen.');
  await expect(page.getByRole('button', { name: 'Save the model' })).toHaveCount(0);

  // Anyone now reads the year, with the deduction and its reference in the methodology.
  const visitor = await (await browser.newContext()).newPage();
  await useEnglish(visitor);
  await visitor.goto(`/integrity/HN/${year}`);
  await expect(visitor.getByTestId('integrity-summary')).toBeVisible();
  await visitor.getByRole('link', { name: 'How the index is computed' }).click();
  await expect(visitor.getByTestId('integrity-deductions')).toContainText(reference);
  await expectAccessible(visitor, 'methodology after publication');
  await context.close();
});
