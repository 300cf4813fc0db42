import { expect, test } from '@playwright/test';
import { applyOnline, expectAccessible, signIn, useEnglish } from './support.js';

const REASON = 'Complaint 2026-41 about this building permit';

test('an auditor opens an applicant’s file only with a reason, and the applicant sees who opened it', async ({ browser }) => {
  // The applicant files online; the receipt is its own page, and reloading it files nothing again.
  const applicantContext = await browser.newContext();
  const applicant = await applicantContext.newPage();
  await useEnglish(applicant);
  const { number, accessCode } = await applyOnline(applicant, 'DB', 'building-permit', 'Watched file extension');
  await expect(applicant).toHaveURL(new RegExp(`/my/${number}/receipt$`));
  await expectAccessible(applicant, 'receipt');
  await applicant.reload();
  await expect(applicant.getByTestId('receipt-number')).toHaveText(number);
  await expect(applicant.getByTestId('access-code')).toHaveText(accessCode);
  const filed = await (await applicant.request.get(`/api/v1/applications?q=${encodeURIComponent('Watched file extension')}`)).json();
  expect(filed.applications).toHaveLength(1);

  // The auditor, whose office has no part in the case, is asked why before anything personal shows.
  const auditorContext = await browser.newContext();
  const auditor = await auditorContext.newPage();
  await useEnglish(auditor);
  await signIn(auditor, 'auditor');
  await auditor.goto(`/office/applications/${number}`);
  await expect(auditor.getByRole('heading', { level: 1 })).toHaveText(`Why are you opening ${number}?`);
  await expect(auditor.locator('body')).not.toContainText('Applicant Canary-Qz81');
  await expectAccessible(auditor, 'reason form');
  await auditor.getByRole('button', { name: 'Open the file' }).click();
  await expect(auditor.locator('.error-summary')).toBeVisible();
  await expectAccessible(auditor, 'reason form with its error');
  await auditor.getByLabel(/Reason/).fill(REASON);
  await auditor.getByRole('button', { name: 'Open the file' }).click();
  await expect(auditor.locator('body')).toContainText('Applicant Canary-Qz81');
  await expectAccessible(auditor, 'case page');

  // The audit view lists the opening with its reason.
  await auditor.goto('/office/audit');
  await expect(auditor.getByTestId('audit-access')).toContainText(REASON);
  await expectAccessible(auditor, 'audit view');

  // The applicant sees that the audit office opened the file, and when.
  await applicant.goto(`/my/${number}`);
  const accesses = applicant.getByTestId('file-access');
  await expect(accesses).toContainText('Audit & Inspection Office');
  await expect(accesses).toContainText('Your details and the file');
  await expectAccessible(applicant, 'my application');
  await applicantContext.close();
  await auditorContext.close();
});
