import { expect, test } from '@playwright/test';
import { expectAccessible, pdf, useEnglish } from './support.js';

test('an applicant picks a procedure, applies with documents and gets a receipt', async ({ page }) => {
  await useEnglish(page);
  await expectAccessible(page, 'home');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Procedures' })).toBeVisible();
  await expectAccessible(page, 'catalogue');

  await page.getByRole('link', { name: 'Building permit' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Building permit' })).toBeVisible();
  await expect(page.getByText('Building Act, art. 11')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Stages' })).toBeVisible();
  await expectAccessible(page, 'procedure');

  await page.getByRole('link', { name: 'Apply online' }).click();
  await expectAccessible(page, 'application form');

  // Continuing from an empty form explains what is missing, in place, and files nothing.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Please correct the following');
  await expectAccessible(page, 'application form with errors');

  await page.getByLabel('Project title').fill('Corner café with roof terrace');
  await page.getByLabel(/^Address/).fill('18 Dongbu-ro');
  await page.getByLabel(/^Name/).fill('Applicant Canary-Zy52');
  await page.getByLabel(/^E-mail/).fill('canary-zy52@example.org');
  for (const input of await page.locator('input[name^="field_"]').all()) {
    await input.fill((await input.getAttribute('inputmode')) === 'decimal' ? '240' : 'Restaurant');
  }
  for (const input of await page.locator('input[type="file"]').all()) await input.setInputFiles(pdf('drawing.pdf'));
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // Every answer is shown to check before anything is filed, each with its own way back to the form.
  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before submitting your application' })).toBeVisible();
  const answers = page.locator('main');
  await expect(answers).toContainText('Corner café with roof terrace');
  await expect(answers).toContainText('18 Dongbu-ro');
  await expect(answers).toContainText('canary-zy52@example.org');
  await expect(answers).toContainText('drawing.pdf');
  await expectAccessible(page, 'check your answers');

  // Changing the address: the form comes back with everything kept, the uploaded files named, not asked for again.
  await page.getByRole('link', { name: /^Change Address/ }).click();
  await expect(page.getByLabel('Project title')).toHaveValue('Corner café with roof terrace');
  await expect(page.getByLabel(/^Name/)).toHaveValue('Applicant Canary-Zy52');
  await expect(page.getByText(/Already uploaded: drawing\.pdf/).first()).toBeVisible();
  await expectAccessible(page, 'application form opened to change an answer');
  await page.getByLabel(/^Address/).fill('20 Dongbu-ro');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(answers).toContainText('20 Dongbu-ro');
  await expect(answers).not.toContainText('18 Dongbu-ro');
  await expect(answers).toContainText('drawing.pdf');
  const checkPage = page.url();
  await page.getByRole('button', { name: 'Submit application' }).click();

  await expect(page.getByRole('heading', { name: 'Application received' })).toBeVisible();
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();
  expect(number).toMatch(/^\d{4}-[A-Z]{2}-\d{7}$/);
  await expect(page.getByTestId('access-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expectAccessible(page, 'receipt');

  // Coming back to the check page (the back button, a bookmark) cannot file it again: it leads to the same receipt.
  await page.goto(checkPage);
  await expect(page.getByRole('heading', { name: 'Application received' })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(number);

  // The public record exists at once, and carries nothing personal.
  await page.getByRole('link', { name: 'Follow the public record of this application' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Corner café with roof terrace');
  await expect(page.getByText('Application received')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('Canary-Zy52');
});

test('the site works in Korean and remembers the choice', async ({ page }) => {
  await page.goto('/lang/ko?back=/procedures');
  await expect(page.getByRole('heading', { level: 1, name: '민원 안내' })).toBeVisible();
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: '처리현황 공개' })).toBeVisible();
  await expectAccessible(page, 'register (ko)');
});
