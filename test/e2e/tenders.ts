import { expect, type Page } from '@playwright/test';
import { expectAccessible, officerOf, pdf, signIn, useEnglish } from './support.js';

/** Shared steps of the procurement journeys: a tender opened by the building division's officer, e-mail sign-in, screenshots. */

const SHOTS = '/tmp/shots-contracts-bidders';

/** The newest sign-in link sent to an address, read from the developer's mail page (no SMTP in the e2e server). */
export async function signInLinkFor(page: Page, email: string): Promise<string> {
  let link = '';
  await expect
    .poll(async () => {
      await page.goto('/dev/mail');
      const card = page.locator('article.card', { hasText: email }).first();
      if (!(await card.count())) return '';
      link = (await card.locator('pre').textContent())?.match(/https?:\/\/[^\s]+\/signin\/[A-Za-z0-9_-]+/)?.[0] ?? '';
      return link;
    }, { timeout: 15_000 })
    .not.toBe('');
  return new URL(link).pathname;
}

/** The page at a phone's and a desktop's width, saved to look at. */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A local date a month ahead (`YYYY-MM-DD`). */
export const monthAhead = () => new Date(Date.now() + 31 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * The building division's officer opens an open tender and publishes its notice with a document; a malformed amount
 * is refused first, naming the field and keeping the rest. Returns the officer's page and the process number.
 */
export async function officerPublishesTender(officer: Page, title: string, document: string): Promise<string> {
  await useEnglish(officer);
  await signIn(officer, officerOf('DB-BUILD'));
  await officer.goto('/office/contracts');
  await expectAccessible(officer, 'procurement office page');
  await officer.getByLabel('Title').fill(title);
  await officer.getByLabel(/Place of delivery/).fill('Haneul Middle School, 5 Haneul-ro');
  await officer.getByLabel('Category').selectOption('works');
  await officer.getByLabel('Method').selectOption('open');
  await officer.getByLabel('Estimated value').fill('85,000,0x0');
  await officer.getByRole('button', { name: 'Open the process' }).click();
  await expect(officer.getByRole('alert')).toBeVisible();
  await expect(officer.getByLabel('Title')).toHaveValue(title);
  await officer.getByLabel('Estimated value').fill('85,000,000');
  await officer.getByRole('button', { name: 'Open the process' }).click();
  await expect(officer).toHaveURL(/\/office\/contracts\/\d{4}-DB-\d+$/);
  const number = officer.url().split('/').pop()!;
  await officer.getByRole('button', { name: 'Start: Planning' }).click();
  await officer.getByRole('button', { name: /Finish this stage and start: Tender/ }).click();
  await officer.getByLabel('Deadline for bids').fill(`${monthAhead()}T17:00`);
  await officer.getByLabel('Tender documents').first().setInputFiles(pdf(document));
  await officer.getByRole('button', { name: 'Publish the tender notice' }).last().click();
  await expect(officer.locator('p.notice[role="status"]')).toContainText('Recorded');
  return number;
}

/** A person signs in with the e-mail link, from a page that sends them to sign in and back. */
export async function signInByEmail(page: Page, email: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.goto(await signInLinkFor(page, email));
  await page.getByRole('button', { name: 'Sign in' }).click();
}
