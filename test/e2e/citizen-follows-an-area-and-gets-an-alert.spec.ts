import { expect, test } from '@playwright/test';
import { expectAccessible, mailLinkFor, pdf, useEnglish } from './support.js';

const FOLLOWER = 'area.follower.e2e@example.org';
/** A point in the demo's Dongbu-gu; the new application is filed about 220 m north of it. */
const CENTRE = { lat: '37.5300', lng: '127.0400' };
const NEARBY = { lat: '37.5320', lng: '127.0401' };

test('a citizen signs in by e-mail link and follows an area, then a new application there produces an alert e-mail', async ({ browser }) => {
  const citizen = await (await browser.newContext()).newPage();
  await useEnglish(citizen);

  // Sign in without a password.
  await citizen.goto('/signin');
  await citizen.getByLabel('E-mail address').fill(FOLLOWER);
  await citizen.getByRole('button', { name: 'Send me a sign-in link' }).click();
  const signInPath = await mailLinkFor(citizen, FOLLOWER, '/signin/');
  await citizen.goto(signInPath);
  await citizen.getByRole('button', { name: /Sign in/ }).click();
  await expect(citizen).toHaveURL(/\/me$/);

  // From their account, follow an area: a wrong radius is refused first, with the reason, and nothing is saved.
  await citizen.getByRole('link', { name: 'Follow an area' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Get e-mail alerts');
  await expectAccessible(citizen, 'follow form');
  await expect(citizen.getByText(`Alerts go to ${FOLLOWER}`)).toBeVisible();
  await citizen.getByLabel('Latitude').fill(CENTRE.lat);
  await citizen.getByRole('button', { name: 'Start alerts' }).click();
  await expect(citizen.getByRole('alert')).toContainText('Give both latitude and longitude as numbers');
  await expectAccessible(citizen, 'follow form with errors');
  await citizen.getByLabel('Longitude').fill(CENTRE.lng);
  await citizen.getByLabel('Distance around it').selectOption('500');
  await citizen.getByLabel(/As it happens/).check();
  await citizen.getByRole('button', { name: 'Start alerts' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Alerts started');
  await expect(citizen.getByText('New applications and decisions within 500 m of 37.53000, 127.04000')).toBeVisible();
  await expectAccessible(citizen, 'follow started');

  // The account lists the alert.
  await citizen.goto('/me');
  await expect(citizen.locator('#follows')).toContainText('within 500 m of 37.53000, 127.04000');

  // Someone applies for a permit nearby.
  const applicant = await (await browser.newContext()).newPage();
  await useEnglish(applicant);
  await applicant.goto('/procedures/DB/building-permit/apply');
  const title = 'Rooftop garden, alert journey';
  await applicant.getByLabel(/Project title/).fill(title);
  await applicant.getByLabel(/^Address/).fill('12 Alert-ro');
  await applicant.getByLabel('Latitude').fill(NEARBY.lat);
  await applicant.getByLabel('Longitude').fill(NEARBY.lng);
  await applicant.getByLabel(/^Name/).fill('Applicant Canary-Qz81');
  await applicant.getByLabel(/^E-mail/).fill('canary-qz81@example.org');
  for (const input of await applicant.locator('input[name^="field_"], textarea[name^="field_"]').all()) {
    await input.fill((await input.getAttribute('inputmode')) === 'decimal' ? '120' : 'Sample text');
  }
  for (const input of await applicant.locator('input[type="file"]').all()) await input.setInputFiles(pdf());
  await applicant.getByRole('button', { name: 'Continue', exact: true }).click();
  await applicant.getByRole('button', { name: 'Submit application' }).click();
  const number = (await applicant.getByTestId('receipt-number').textContent())!.trim();

  // The follower receives an alert about it, with public facts only, and can manage it from the e-mail's link.
  const managePath = await mailLinkFor(citizen, FOLLOWER, '/follows/', number);
  const alert = citizen.locator('article.card', { hasText: FOLLOWER }).filter({ hasText: number }).first();
  await expect(alert).toContainText(title);
  await expect(alert).not.toContainText('Canary-Qz81');
  await citizen.goto(managePath);
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Your alerts');
  await expect(citizen.getByText('1 alert so far')).toBeVisible();
  await expectAccessible(citizen, 'manage alerts');
  await citizen.getByLabel(/Once a day/).check();
  await citizen.getByRole('button', { name: 'Save' }).click();
  await expect(citizen.getByRole('status')).toHaveText('Saved.');
  await citizen.getByRole('button', { name: 'Stop this alert' }).click();
  await expect(citizen.getByRole('status')).toContainText('You will receive no more e-mails about this.');
  await expect(citizen.getByText(/^Stopped · since/)).toBeVisible();
  await expect(citizen.getByRole('button', { name: 'Stop this alert' })).toHaveCount(0);
});

test('anyone follows an application without signing in, confirming by the e-mailed link', async ({ page }) => {
  const email = 'anonymous.follower.e2e@example.org';
  await useEnglish(page);
  // An open application: a closed one has nothing more to follow.
  await page.goto('/register?status=in_review');
  const first = page.locator('table a[href^="/applications/"]').first();
  const number = (await first.textContent())!.trim();
  await first.click();
  await page.getByRole('link', { name: 'Get e-mail alerts' }).click();
  await expect(page.getByText(`Every public step of application ${number}`)).toBeVisible();
  await page.getByLabel(/Your e-mail address/).fill('not-an-address');
  await page.getByRole('button', { name: 'Start alerts' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter an e-mail address like name@example.org.');
  await page.getByLabel(/Your e-mail address/).fill(email);
  await page.getByRole('button', { name: 'Start alerts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your e-mail');
  await expectAccessible(page, 'check your e-mail');

  // The link lands on a page that confirms only when its button is pressed.
  const confirmPath = await mailLinkFor(page, email, '/follows/confirm/');
  await page.goto(confirmPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your alerts');
  await expectAccessible(page, 'confirm alerts');
  await page.getByRole('button', { name: 'Confirm the alerts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts confirmed');
  await expect(page.getByRole('status')).toContainText('alerts start now');
  await expectAccessible(page, 'alerts confirmed');
});
