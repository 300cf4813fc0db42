import { expect, test } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, officerOf, pdf, signIn, useEnglish } from './support.js';

test('an applicant answers a supplement request with documents, and the review resumes', async ({ browser }) => {
  const applicantContext = await browser.newContext();
  const applicant = await applicantContext.newPage();
  await useEnglish(applicant);
  const { number, accessCode } = await applyOnline(applicant, 'DB', 'building-permit', 'Garage conversion, supplement journey');

  // The official starts intake and asks for a missing drawing.
  const officeContext = await browser.newContext();
  const desk = await officeContext.newPage();
  await useEnglish(desk);
  await signIn(desk, officerOf('DB-BUILD'));
  await desk.goto(`/office/applications/${number}`);
  await desk.getByRole('button', { name: 'Start: Intake and document check' }).click();
  const request = desk.locator('form', { has: desk.getByRole('button', { name: 'Send request to applicant' }) });
  await request.getByLabel('Message to the applicant').fill('Please add the section drawing through the stairwell (private message).');
  await request.getByLabel('Public note').fill('Section drawing missing.');
  await request.getByRole('button', { name: 'Send request to applicant' }).click();
  await expectRecorded(desk);

  // The applicant, with a fresh browser, signs in with number and access code.
  await applicantContext.clearCookies();
  await useEnglish(applicant);
  await applicant.goto('/track');
  await expectAccessible(applicant, 'track');
  await applicant.getByLabel('Application number').fill(number);
  await applicant.getByLabel('Access code').fill('WRONG-CODE-0000');
  await applicant.getByRole('button', { name: 'Sign in' }).click();
  await expect(applicant.getByRole('alert')).toContainText('That number and access code do not match.');
  await applicant.getByLabel('Access code').fill(accessCode.toLowerCase());
  await applicant.getByRole('button', { name: 'Sign in' }).click();
  await expect(applicant.getByRole('heading', { level: 1 })).toHaveText(`My application ${number}`);
  await expect(applicant.getByText('Please add the section drawing through the stairwell (private message).')).toBeVisible();
  await expect(applicant.locator('.status').first()).toHaveText('Waiting for applicant');
  await expectAccessible(applicant, 'private view');

  // A file that is not a PDF or image is refused with a clear message.
  await applicant.getByLabel(/^Documents/).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') });
  await applicant.getByRole('button', { name: 'Send documents' }).click();
  await expect(applicant.getByRole('alert')).toContainText('is not a PDF, PNG, JPEG or WebP file');

  await applicant.getByLabel(/^Documents/).setInputFiles(pdf('section.pdf'));
  await applicant.getByLabel(/Message to the department/).fill('Section drawing attached.');
  await applicant.getByRole('button', { name: 'Send documents' }).click();
  await expect(applicant.locator('p.notice[role="status"]')).toContainText('your documents were received');
  await expect(applicant.getByRole('link', { name: 'section.pdf' })).toBeVisible();
  await expect(applicant.locator('.status').first()).toHaveText('In review');

  // The private message never reaches the public page; the public note does.
  const visitor = await (await browser.newContext()).newPage();
  await useEnglish(visitor);
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.getByText('Section drawing missing.')).toBeVisible();
  await expect(visitor.getByText('Supplement received from the applicant')).toBeVisible();
  await expect(visitor.locator('body')).not.toContainText('private message');
  await expect(visitor.locator('body')).not.toContainText('Canary-Qz81');

  // The official sees the new document and can continue.
  await desk.goto(`/office/applications/${number}`);
  await expect(desk.getByRole('link', { name: 'section.pdf' })).toBeVisible();
  await expect(desk.getByRole('button', { name: 'Complete: Intake and document check' })).toBeVisible();
});
