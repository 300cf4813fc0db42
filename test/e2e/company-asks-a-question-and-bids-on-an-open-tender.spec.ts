import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';
import { officerPublishesTender, shoot, signInByEmail } from './tenders.js';

test('a company finds an open tender, asks a question and submits a sealed bid under the integrity pact', async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `School roof insulation ${Date.now() % 100_000}`;
  const number = await officerPublishesTender(await (await browser.newContext()).newPage(), title, 'roof-insulation-specification.pdf');

  const company = await (await browser.newContext()).newPage();
  await useEnglish(company);
  await company.goto('/tenders');
  await expectAccessible(company, 'open tenders');
  await shoot(company, 'tenders');
  await company.getByRole('link', { name: title }).click();
  await expect(company.getByRole('link', { name: 'roof-insulation-specification.pdf' })).toBeVisible();
  await expectAccessible(company, 'tender page, signed out');
  await company.getByRole('link', { name: /Sign in by e-mail to bid/ }).click();
  await signInByEmail(company, 'tenders.e2e@example.org');
  await expect(company).toHaveURL(new RegExp(`/tenders/${number}$`));

  // The company names itself; a malformed registration number is refused, naming the field, keeping the name.
  await company.getByRole('link', { name: /Name the company you bid for/ }).click();
  await expectAccessible(company, 'bidder profile');
  await company.getByLabel('Company name').fill('Haneul Roofing Co., Ltd.');
  await company.getByLabel('Business registration number').fill('12');
  await company.getByRole('button', { name: 'Save the company' }).click();
  await expect(company.getByRole('alert')).toContainText('Enter the registration number');
  await expect(company.getByLabel('Company name')).toHaveValue('Haneul Roofing Co., Ltd.');
  await expectAccessible(company, 'bidder profile with an error');
  await shoot(company, 'bidder-profile-error');
  await company.getByLabel('Business registration number').fill('214-87-00123');
  await company.getByRole('button', { name: 'Save the company' }).click();
  await expect(company).toHaveURL(new RegExp(`/tenders/${number}$`));

  // A clarification, asked on the record.
  await company.getByLabel('Your question').fill('Does the price include removing the old insulation?');
  await company.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(company.getByText('Does the price include removing the old insulation?')).toBeVisible();

  // The sealed bid: refused without the pact, the price kept; then recorded.
  await company.goto(`/tenders/${number}`);
  await company.getByLabel(/Your price/).fill('79,500,000');
  await company.getByRole('button', { name: 'Submit the sealed bid' }).click();
  await expect(company.getByRole('alert')).toBeVisible();
  await expect(company.getByLabel(/Your price/)).toHaveValue('79,500,000');
  await expectAccessible(company, 'bid form with an error');
  await company.getByLabel('I sign the integrity pact for my company').check();
  await company.getByRole('button', { name: 'Submit the sealed bid' }).click();
  await expect(company.locator('p.notice[role="status"]')).toContainText('Bid #1 received');
  await expectAccessible(company, 'tender page after bidding');
  await shoot(company, 'tender-after-bid');

  // Sealed: the public process page names neither the company nor the amount, nor who asked.
  const visitor = await (await browser.newContext()).newPage();
  await useEnglish(visitor);
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.locator('main')).toContainText('Bid received (sealed until the opening)');
  for (const secret of ['Haneul Roofing', '79,500,000', '214-87-00123', 'tenders.e2e@example.org']) await expect(visitor.locator('body')).not.toContainText(secret);

  // The company sees its bid on its own page.
  await company.goto('/bidder');
  await expect(company.locator('main')).toContainText('79,500,000');
  await expectAccessible(company, 'bidder page with its bid');
  await shoot(company, 'bidder-page');
});
