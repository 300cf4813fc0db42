import { expect, test } from '@playwright/test';
import { applyOnline, expectAccessible, mailLinkFor, pdf, useEnglish } from './support.js';

test('an applicant keeps what was typed past an oversized file, loses the access code, gets back in through the e-mail and signs out', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await useEnglish(page);

  // An oversized document: the form comes back with everything typed and the file named beside its field.
  await page.goto('/procedures/DB/building-permit/apply');
  await page.getByLabel('Project title').fill('Rooftop garden, recovery journey');
  await page.getByLabel(/^Address/).fill('5 Recovery-ro');
  await page.getByLabel(/^Name/).fill('Applicant Canary-Rv33');
  await page.getByLabel(/^E-mail/).fill('canary-rv33@example.org');
  const firstFile = page.locator('input[type="file"]').first();
  await firstFile.setInputFiles({ ...pdf('huge-plan.pdf'), buffer: Buffer.concat([pdf().buffer, Buffer.alloc(11 * 1024 * 1024)]) });
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('huge-plan.pdf');
  await expect(page.getByLabel('Project title')).toHaveValue('Rooftop garden, recovery journey');
  await expect(page.getByLabel(/^E-mail/)).toHaveValue('canary-rv33@example.org');
  await expectAccessible(page, 'application form with an oversized file');

  // Applying properly; the receipt says how to come back, and prints without the site's navigation.
  const { number } = await applyOnline(page, 'DB', 'building-permit', 'Rooftop garden, recovery journey');
  await expect(page.getByRole('heading', { name: 'How to come back to your application' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print this page' })).toBeVisible();
  await expectAccessible(page, 'receipt');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.site-header')).toBeHidden();
  await expect(page.getByTestId('access-code')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The code is lost: a fresh browser follows the link in the e-mail, and signs in with the address instead.
  const later = await (await browser.newContext()).newPage();
  await useEnglish(later);
  const privateLink = await mailLinkFor(later, 'canary-qz81@example.org', '/my/', number);
  expect(privateLink).toBe(`/my/${number}`);
  await later.goto(privateLink);
  await expect(later).toHaveURL(new RegExp(`/track\\?number=${number}`));
  await expect(later.getByText('Lost your access code?')).toBeVisible();
  await expectAccessible(later, 'track with a way back by e-mail');
  await later.getByRole('link', { name: 'Sign in with your e-mail address' }).click();
  await later.getByLabel('E-mail address').fill('canary-qz81@example.org');
  await later.getByRole('button', { name: 'Send me a sign-in link' }).click();
  const signIn = await mailLinkFor(later, 'canary-qz81@example.org', '/signin/');
  await later.goto(signIn);
  await later.getByRole('button', { name: 'Sign in' }).click();

  // Straight to the private page, with due dates and a sign-out, and no access code typed.
  await expect(later).toHaveURL(new RegExp(`/my/${number}$`));
  await expect(later.getByRole('heading', { level: 1 })).toContainText(number);
  await expect(later.locator('#deadline-application')).toBeVisible();
  await expectAccessible(later, 'private page opened by e-mail');
  await later.getByRole('button', { name: 'Sign out' }).click();
  await expect(later.getByRole('status')).toContainText('You have signed out');
  await later.goto(`/my/${number}`);
  await expect(later).toHaveURL(/\/track\?number=/);
  await later.goto('/me');
  await expect(later).toHaveURL(/\/signin/);
});
