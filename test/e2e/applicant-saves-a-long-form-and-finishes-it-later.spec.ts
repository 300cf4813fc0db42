import { expect, test } from '@playwright/test';
import { expectAccessible, mailLinkFor, pdf, useEnglish } from './support.js';

// Everything here works without JavaScript: saving, the link, the check page and filing are plain forms and links. Axe
// needs a script, so each page is checked again, as it is, in a browser with JavaScript on (the link is the right).

test('an applicant saves a half-finished application, comes back through the e-mailed link in another browser and files it', async ({ browser }) => {
  const first = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await useEnglish(first);
  const checker = await (await browser.newContext()).newPage();
  await useEnglish(checker);
  const accessible = async (url: string, label: string) => {
    await checker.goto(url);
    await expectAccessible(checker, label);
  };
  await first.goto('/procedures/DB/building-permit/apply');
  await first.getByLabel('Project title').fill('Greenhouse on the roof, saved journey');
  await first.getByLabel(/^Name/).fill('Applicant Canary-Sv19');
  await first.getByLabel(/^E-mail/).fill('canary-sv19@example.org');
  await first.locator('input[type="file"]').first().setInputFiles(pdf('greenhouse-plan.pdf'));
  const firstDocument = await first.locator('input[type="file"]').first().getAttribute('name');

  // Saving asks for nothing more: the page gives the link, says until when, and that it was e-mailed.
  await first.getByRole('button', { name: 'Save and continue later' }).click();
  await expect(first.getByRole('heading', { level: 1, name: 'Your application is saved' })).toBeVisible();
  await expect(first.getByText('We have also sent the link to canary-sv19@example.org.')).toBeVisible();
  const shown = new URL((await first.getByTestId('draft-link').textContent())!.trim()).pathname;
  expect(shown).toMatch(/^\/apply\/[A-Za-z0-9_-]{43}$/);
  await accessible(first.url(), 'application saved');

  // Nothing was filed: the register does not know it.
  await first.goto('/register?q=Greenhouse+on+the+roof');
  await expect(first.locator('main')).not.toContainText('Greenhouse on the roof, saved journey');

  // Another browser, from the e-mail: every field and the uploaded file are there.
  const mailed = await mailLinkFor(first, 'canary-sv19@example.org', '/apply/', 'Your saved application');
  expect(mailed).toBe(shown);
  const later = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await useEnglish(later);
  await later.goto(mailed);
  await expect(later.getByLabel('Project title')).toHaveValue('Greenhouse on the roof, saved journey');
  await expect(later.getByLabel(/^Name/)).toHaveValue('Applicant Canary-Sv19');
  await expect(later.getByLabel(/^E-mail/)).toHaveValue('canary-sv19@example.org');
  await expect(later.locator(`#f-${firstDocument}-hint`)).toContainText('Already uploaded: greenhouse-plan.pdf');
  await accessible(later.url(), 'saved application opened again');

  // Continuing with a required answer still missing names it, keeping the rest.
  await later.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(later.getByRole('alert')).toContainText('Address');
  await expect(later.getByLabel('Project title')).toHaveValue('Greenhouse on the roof, saved journey');
  await expect(later.locator(`#f-${firstDocument}-hint`)).toContainText('greenhouse-plan.pdf');

  await later.getByLabel(/^Address/).fill('9 Greenhouse-ro');
  for (const input of await later.locator('input[name^="field_"], textarea[name^="field_"]').all()) {
    await input.fill((await input.getAttribute('inputmode')) === 'decimal' ? '80' : 'Sample text');
  }
  for (const input of (await later.locator('input[type="file"]').all()).slice(1)) await input.setInputFiles(pdf('other.pdf'));
  await later.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(later.getByRole('heading', { level: 1, name: 'Check your answers before submitting your application' })).toBeVisible();
  await expect(later.locator('main')).toContainText('greenhouse-plan.pdf');
  await expect(later.locator('main')).toContainText('9 Greenhouse-ro');
  await accessible(later.url(), 'check your answers');
  await later.getByRole('button', { name: 'Submit application' }).click();
  await expect(later.getByRole('heading', { name: 'Application received' })).toBeVisible();
  const number = (await later.getByTestId('receipt-number').textContent())!.trim();

  // The link is spent: the first browser, with no session of this application, is told how to sign in instead.
  await first.goto(shown);
  await expect(first).not.toHaveURL(/\/apply\//);
  await expect(first.locator('main')).not.toContainText('Applicant Canary-Sv19');
  // The public record carries nothing personal.
  await first.goto(`/applications/${number}`);
  await expect(first.getByRole('heading', { level: 1 })).toContainText('Greenhouse on the roof, saved journey');
  await expect(first.locator('body')).not.toContainText('Canary-Sv19');
  await expect(first.locator('body')).not.toContainText('greenhouse-plan.pdf');
});
