import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';
import { monthAhead, officerPublishesTender, shoot, signInByEmail } from './tenders.js';

test('an officer runs an open tender from the notice with its document to the signed contract and its first milestone', async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `Gym floor replacement ${Date.now() % 100_000}`;
  const officer = await (await browser.newContext()).newPage();
  const number = await officerPublishesTender(officer, title, 'gym-floor-specification.pdf');
  await expectAccessible(officer, 'process office page during the tender');
  await shoot(officer, 'office-process-tender');

  // A company asks a question; a bid delivered on paper is entered by the officer with the signed pact.
  const asker = await (await browser.newContext()).newPage();
  await useEnglish(asker);
  await asker.goto(`/signin?next=${encodeURIComponent(`/tenders/${number}`)}`);
  await signInByEmail(asker, 'asker.e2e@example.org');
  await asker.getByLabel('Your question').fill('Does the price include removing the old floor?');
  await asker.getByRole('button', { name: 'Send', exact: true }).click();
  await officer.goto(`/office/contracts/${number}`);
  await officer.getByLabel('Bidder (company name)').fill('Haneul Flooring Co., Ltd.');
  await officer.getByLabel('Amount').fill('79,500,000');
  await officer.getByLabel(/integrity pact/).check();
  await officer.getByRole('button', { name: /Record a bid|Record the bid/ }).last().click();
  await expect(officer.locator('p.notice[role="status"]')).toContainText('Recorded');

  // The officer answers the question on the record.
  await officer.goto(`/office/applications/${number}`);
  await officer.getByLabel('Answer on the record').fill('Yes: removal and disposal are part of the works.');
  await officer.getByRole('button', { name: 'Publish the answer' }).click();

  // Opening, evaluation, award, standstill, contract, and the first milestone.
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
  // A milestone without a date is refused, naming the field and keeping what was typed.
  await officer.getByLabel('What is to be delivered or done').fill('Old floor removed');
  await officer.getByRole('button', { name: 'Schedule a milestone' }).last().click();
  await expect(officer.getByRole('alert')).toBeVisible();
  await expect(officer.getByLabel('What is to be delivered or done')).toHaveValue('Old floor removed');
  await officer.getByLabel('Due date').first().fill(monthAhead());
  await officer.getByRole('button', { name: 'Schedule a milestone' }).last().click();
  await expect(officer.locator('p.notice[role="status"]')).toContainText('Recorded');
  await expectAccessible(officer, 'process office page in implementation');
  await shoot(officer, 'office-process-implementation');

  // Anyone reads the opened bid, the answer and the award, and downloads the OCDS record; who asked is never shown.
  const reader = await (await browser.newContext()).newPage();
  await useEnglish(reader);
  await reader.goto(`/applications/${number}`);
  await expect(reader.locator('main')).toContainText('Haneul Flooring Co., Ltd.');
  await expect(reader.locator('main')).toContainText('removal and disposal are part of the works');
  await expect(reader.locator('body')).not.toContainText('asker.e2e@example.org');
  await expectAccessible(reader, 'process public page after the contract');
  const record = await (await reader.request.get(`/contracts/${number}/record.json`)).json();
  const compiled = record.records[0].compiledRelease;
  expect(compiled.tender.enquiries[0].answer).toContain('removal and disposal');
  expect(compiled.tender.documents[0].title).toBe('gym-floor-specification.pdf');
  expect(compiled.contracts[0].milestones[0].title).toBe('Old floor removed');
});
