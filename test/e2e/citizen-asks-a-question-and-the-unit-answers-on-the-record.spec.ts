import { expect, test, type Page } from '@playwright/test';
import { applyOnline, expectAccessible, officerOf, signIn, useEnglish } from './support.js';

/** The newest sign-in link sent to an address, read from the developer's mail page (no SMTP in the e2e server). */
async function signInLinkFor(page: Page, email: string): Promise<string> {
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

test('a citizen signs in by e-mail link, asks a question, and the unit answers it on the record', async ({ browser }) => {
  const applicantPage = await (await browser.newContext()).newPage();
  await useEnglish(applicantPage);
  const { number } = await applyOnline(applicantPage, 'DB', 'building-permit', 'Corner bakery extension, question journey');

  // A neighbour signs in without a password.
  const citizen = await (await browser.newContext()).newPage();
  await useEnglish(citizen);
  await citizen.goto('/signin');
  await expectAccessible(citizen, 'sign-in form');
  await citizen.getByLabel('E-mail address').fill('not-an-address');
  await citizen.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await expect(citizen.getByRole('alert')).toContainText('Enter an e-mail address like name@example.org.');
  await citizen.getByLabel('E-mail address').fill('neighbour.e2e@example.org');
  await citizen.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await expect(citizen.locator('p.notice[role="status"]')).toContainText('a sign-in link is on its way');

  const link = await signInLinkFor(citizen, 'neighbour.e2e@example.org');
  await citizen.goto(link);
  await expectAccessible(citizen, 'sign-in confirmation');
  await citizen.getByRole('button', { name: 'Sign in' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('My account');
  await expectAccessible(citizen, 'my account');

  // The link works once.
  const other = await (await browser.newContext()).newPage();
  await useEnglish(other);
  await other.goto(link);
  await expect(other.getByRole('alert')).toContainText('already used');

  // The question, asked on the public page.
  await citizen.goto(`/applications/${number}`);
  await expectAccessible(citizen, 'application page with the question form');
  await citizen.getByLabel('Your question').fill('Will the extension keep the footpath open during works?');
  await citizen.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(citizen.locator('.notice[role="status"]')).toContainText('Your question 1 was sent to the responsible department');
  await expect(citizen.getByText('Will the extension keep the footpath open during works?')).toBeVisible();

  // The building division's officer sees it on the case page and answers on the record.
  const desk = await (await browser.newContext()).newPage();
  await useEnglish(desk);
  await signIn(desk, officerOf('DB-BUILD'));
  await desk.goto('/office');
  await expect(desk.getByRole('heading', { name: /Open questions to your unit/ })).toBeVisible();
  await expectAccessible(desk, 'queue with open questions');
  await desk.goto(`/office/applications/${number}`);
  await expect(desk.getByText('Will the extension keep the footpath open during works?')).toBeVisible();
  await expectAccessible(desk, 'case page with an open question');
  await desk.getByLabel('Answer on the record').fill('Yes: the permit conditions require a protected footpath throughout.\nWorks start in May.');
  await desk.getByRole('button', { name: 'Publish the answer' }).click();

  // Anyone reads the question and its answer; the asker's address is nowhere on the page.
  const visitor = await (await browser.newContext()).newPage();
  await useEnglish(visitor);
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.getByText('the permit conditions require a protected footpath')).toBeVisible();
  await expect(visitor.getByText('Question answered on the record')).toBeVisible();
  await expect(visitor.locator('body')).not.toContainText('neighbour.e2e');
  await expect(visitor.locator('body')).not.toContainText('Canary-Qz81');
  await expectAccessible(visitor, 'application page with an answered question');

  // Anyone can check each shown text against the commitment its event put in the log, in the browser.
  const checks = visitor.locator('details.text-check');
  await expect(checks).toHaveCount(2);
  for (const check of await checks.all()) {
    await check.locator('summary').click();
    await expect(check.locator('.check-status')).toHaveText('This text matches the commitment in the log.');
  }
  await expectAccessible(visitor, 'application page with texts checked against the log');

  // The asker sees it in their account, with the e-mail that told them.
  await expect.poll(async () => {
    await citizen.goto('/me');
    return citizen.locator('main').textContent();
  }, { timeout: 15_000 }).toContain('Your question was answered');
});
