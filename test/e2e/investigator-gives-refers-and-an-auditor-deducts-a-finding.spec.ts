import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible, signIn, useEnglish } from './support.js';

const WHAT = 'E2E-FOLLOW-UP-CANARY The fire inspector asked for cash to sign the safety certificate.';
const REASON = 'Cash for a certificate is a crime; the police investigate it.';

test('an investigator gives a report to a colleague and refers it, the reporter sees where it went, and an auditor deducts the finding', async ({ browser }) => {
  test.setTimeout(180_000);
  // The reporter, on a phone, attaches a photo that knows where it was taken; its hidden details are removed by default.
  const reporterContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const reporter = await reporterContext.newPage();
  await useEnglish(reporter);
  await reporter.goto('/report');
  await expect(reporter.getByLabel(/Remove hidden details/)).toBeChecked();
  await reporter.getByLabel('A bribe was asked for or offered').check();
  await reporter.getByLabel('What happened').fill(WHAT);
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83' } })
    .jpeg().withExif({ IFD0: { Artist: 'E2E Canary Author', Make: 'CanaryCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 4455/100' } }).toBuffer();
  await reporter.getByLabel('Evidence files').setInputFiles({ name: 'inspector.jpg', mimeType: 'image/jpeg', buffer: photo });
  await reporter.getByRole('button', { name: 'Send the report' }).click();
  await expect(reporter.getByTestId('metadata-removed')).toContainText('inspector.jpg — removed: location, camera or device, author');
  await expectAccessible(reporter, 'receipt with the removed details (phone)');
  const receipt = (await reporter.getByTestId('receipt').textContent())!.replace(/\s/g, '');

  // The investigator, at a desk, acknowledges, gives the report to a colleague and refers it to the police.
  const investigatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const investigator = await investigatorContext.newPage();
  await useEnglish(investigator);
  await signIn(investigator, 'investigator');
  await investigator.goto('/office/reports/unlock');
  await investigator.getByLabel('Password').fill('daylight-demo');
  await investigator.getByRole('button', { name: 'Unlock' }).click();
  await investigator.getByTestId('report-queue').getByRole('link').first().click();
  await expect(investigator.getByTestId('report-text')).toHaveText(WHAT);
  await investigator.getByRole('button', { name: 'Acknowledge receipt' }).click();
  await investigator.getByLabel('Handled by').selectOption({ label: 'Han Jo-sa' });
  await investigator.getByRole('button', { name: 'Give the report' }).click();
  await expect(investigator.getByTestId('report-assignments')).toContainText('given to Han Jo-sa by Jeong Jo-sa');
  await investigator.getByLabel(/^Body/).selectOption('police');
  await investigator.getByLabel(/^Why/).fill(REASON);
  await investigator.getByRole('button', { name: 'Record the referral' }).click();
  await expect(investigator.locator('p.notice[role="status"]')).toContainText('referral was recorded');
  await expect(investigator.getByTestId('report-accesses')).toContainText('recorded a referral');
  await expectAccessible(investigator, 'report after the referral (desk)');
  await investigator.goto('/office/reports');
  await expect(investigator.getByTestId('report-assignee').first()).toHaveText('Han Jo-sa');
  await investigator.goBack();
  await investigator.getByLabel('Outcome').selectOption('substantiated');
  await investigator.getByLabel('Department the finding is against').selectOption({ index: 1 });
  await investigator.getByLabel('Feedback to the reporter').fill('The inspector was suspended; the police took the case.');
  await investigator.getByRole('button', { name: 'Record the outcome and close' }).click();
  await expect(investigator.getByTestId('report-finding')).toContainText(/RF-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  const reference = (await investigator.getByTestId('report-finding').textContent())!.match(/RF-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];

  // The reporter sees where the report went.
  await reporter.goto('/report/mailbox');
  await reporter.getByLabel('Receipt').fill(receipt);
  await reporter.getByRole('button', { name: 'Open the mailbox' }).click();
  await expect(reporter.getByTestId('report-referrals')).toContainText('Police');
  await expect(reporter.locator('body')).not.toContainText(REASON);
  await expectAccessible(reporter, 'mailbox with the referral (phone)');

  // An auditor turns the finding into a deduction: only its reference, department and points reach the Index.
  const auditorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const auditor = await auditorContext.newPage();
  await useEnglish(auditor);
  await signIn(auditor, 'auditor');
  const year = new Date().getFullYear();
  await auditor.goto(`/office/integrity/${year}`);
  const row = auditor.getByTestId('report-findings').getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('Substantiated');
  await expect(auditor.locator('body')).not.toContainText('E2E-FOLLOW-UP-CANARY');
  await expectAccessible(auditor, 'integrity year with findings');
  await row.getByLabel('Severity').selectOption('serious');
  await row.getByRole('button', { name: `Deduct in ${year}` }).click();
  await expect(auditor.getByTestId('report-findings').getByRole('row').filter({ hasText: reference })).toContainText(`${year}: serious`);
  await expect(auditor.locator('body')).not.toContainText('E2E-FOLLOW-UP-CANARY');
  await expectAccessible(auditor, 'integrity year after the deduction');
});
