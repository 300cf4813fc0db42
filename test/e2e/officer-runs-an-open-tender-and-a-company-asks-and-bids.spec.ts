import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, officerOf, pdf, signIn, useEnglish } from './support.js';

const SHOTS = '/tmp/shots-contracts-bidders';

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

/** The page at a phone's and a desktop's width, saved to look at. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A local date-time a month ahead, as a datetime-local input takes it. */
const monthAhead = () => new Date(Date.now() + 31 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10) + 'T17:00';

test('an officer runs an open tender from notice to contract while a company asks a question and bids', async ({ browser }) => {
  test.setTimeout(240_000);
  const title = `Gym floor replacement ${Date.now() % 100_000}`;
  const officer = await (await browser.newContext()).newPage();
  await useEnglish(officer);
  await signIn(officer, officerOf('DB-BUILD'));

  // The officer opens the process; a malformed amount is refused naming the field, with the rest kept.
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
  // The notice with its document.
  await officer.getByLabel('Deadline for bids').fill(monthAhead());
  await officer.getByLabel('Tender documents').first().setInputFiles(pdf('gym-floor-specification.pdf'));
  await officer.getByRole('button', { name: 'Publish the tender notice' }).last().click();
  await expect(officer.locator('p.notice[role="status"]')).toContainText('Recorded');
  await expectAccessible(officer, 'process office page during the tender');
  await shoot(officer, 'office-process-tender');

  // A company finds the tender, signs in by e-mail, names itself, asks a question and bids.
  const company = await (await browser.newContext()).newPage();
  await useEnglish(company);
  await company.goto('/tenders');
  await expectAccessible(company, 'open tenders');
  await shoot(company, 'tenders');
  await company.getByRole('link', { name: title }).click();
  await expect(company.getByRole('link', { name: 'gym-floor-specification.pdf' })).toBeVisible();
  await expectAccessible(company, 'tender page, signed out');
  await company.getByRole('link', { name: /Sign in by e-mail to bid/ }).click();
  await company.getByLabel('E-mail address').fill('tenders.e2e@example.org');
  await company.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await company.goto(await signInLinkFor(company, 'tenders.e2e@example.org'));
  await company.getByRole('button', { name: 'Sign in' }).click();
  await expect(company).toHaveURL(new RegExp(`/tenders/${number}$`));
  await company.getByRole('link', { name: /Name the company you bid for/ }).click();
  await expectAccessible(company, 'bidder profile');
  await company.getByLabel('Company name').fill('Haneul Flooring Co., Ltd.');
  await company.getByLabel('Business registration number').fill('12');
  await company.getByRole('button', { name: 'Save the company' }).click();
  await expect(company.getByRole('alert')).toContainText('Enter the registration number');
  await expect(company.getByLabel('Company name')).toHaveValue('Haneul Flooring Co., Ltd.');
  await shoot(company, 'bidder-profile-error');
  await company.getByLabel('Business registration number').fill('214-87-00123');
  await company.getByRole('button', { name: 'Save the company' }).click();
  await expect(company).toHaveURL(new RegExp(`/tenders/${number}$`));

  await company.getByLabel('Your question').fill('Does the price include removing the old floor?');
  await company.getByRole('button', { name: 'Send', exact: true }).click();
  await company.goto(`/tenders/${number}`);
  await company.getByLabel(/Your price/).fill('79,500,000');
  await company.getByRole('button', { name: 'Submit the sealed bid' }).click();
  await expect(company.getByRole('alert')).toBeVisible();
  await expect(company.getByLabel(/Your price/)).toHaveValue('79,500,000');
  await company.getByLabel('I sign the integrity pact for my company').check();
  await company.getByRole('button', { name: 'Submit the sealed bid' }).click();
  await expect(company.locator('p.notice[role="status"]')).toContainText('Bid #1 received');
  await expectAccessible(company, 'tender page after bidding');
  await shoot(company, 'tender-after-bid');

  // Sealed: the public process page names neither the company nor the amount.
  const visitor = await (await browser.newContext()).newPage();
  await useEnglish(visitor);
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.locator('main')).toContainText('Bid received (sealed until the opening)');
  await expect(visitor.locator('body')).not.toContainText('Haneul Flooring');
  await expect(visitor.locator('body')).not.toContainText('79,500,000');

  // The officer answers the question on the record.
  await officer.goto(`/office/applications/${number}`);
  await officer.getByLabel('Answer on the record').fill('Yes: removal and disposal are part of the works.');
  await officer.getByRole('button', { name: 'Publish the answer' }).click();

  // Opening, evaluation, award, standstill, contract.
  await officer.goto(`/office/contracts/${number}`);
  await officer.getByRole('button', { name: /Finish this stage and start: Bid opening/ }).click();
  await officer.getByRole('button', { name: 'Open the bids in public' }).last().click();
  await officer.getByRole('button', { name: /Finish this stage and start: Evaluation/ }).click();
  await officer.getByLabel(/Score/).first().fill('92');
  await officer.getByLabel(/Reason for the score/).first().fill('Lowest price, complete method statement');
  await officer.getByRole('button', { name: 'Record the evaluation' }).last().click();
  await officer.getByRole('button', { name: /Finish this stage and start: Award/ }).click();
  await officer.getByLabel('Winning bid').selectOption('1');
  await officer.getByLabel('Amount').fill('79,500,000');
  await officer.getByLabel('Reasons for the award').fill('Best score of the bids received');
  await officer.getByRole('button', { name: 'Award the contract' }).last().click();
  await officer.getByRole('button', { name: /Finish this stage and start: Standstill/ }).click();
  await officer.getByRole('button', { name: /Finish this stage and start: Contract/ }).click();
  await officer.getByLabel('Amount').fill('79,500,000');
  await officer.getByRole('button', { name: 'Record the signed contract' }).last().click();
  await officer.getByRole('button', { name: /Finish this stage and start: Implementation/ }).click();
  await officer.getByLabel('What is to be delivered or done').fill('Old floor removed');
  await officer.getByLabel('Due date').first().fill(monthAhead().slice(0, 10));
  await officer.getByRole('button', { name: 'Schedule a milestone' }).last().click();
  await expect(officer.locator('p.notice[role="status"]')).toContainText('Recorded');
  await expectAccessible(officer, 'process office page in implementation');
  await shoot(officer, 'office-process-implementation');

  // Anyone reads the opened bid, the answer and the award, and downloads the OCDS record (a new visitor: the first
  // one's browser may keep its public copy of the page for a minute).
  const reader = await (await browser.newContext()).newPage();
  await useEnglish(reader);
  await reader.goto(`/applications/${number}`);
  await expect(reader.locator('main')).toContainText('Haneul Flooring Co., Ltd.');
  await expect(reader.locator('main')).toContainText('removal and disposal are part of the works');
  await expect(reader.locator('body')).not.toContainText('tenders.e2e@example.org');
  await expect(reader.locator('body')).not.toContainText('214-87-00123');
  await expectAccessible(visitor, 'process public page after the contract');
  const record = await (await reader.request.get(`/contracts/${number}/record.json`)).json();
  const compiled = record.records[0].compiledRelease;
  expect(compiled.tender.enquiries[0].answer).toContain('removal and disposal');
  expect(compiled.tender.documents[0].title).toBe('gym-floor-specification.pdf');
  expect(compiled.contracts[0].milestones[0].title).toBe('Old floor removed');

  // The company sees its bid on its own page.
  await company.goto('/bidder');
  await expect(company.locator('main')).toContainText('79,500,000');
  await expectAccessible(company, 'bidder page with its bid');
  await shoot(company, 'bidder-page');
});
