import { expect, test } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, headOf, signIn, useEnglish } from './support.js';

test('a head of unit overrides the rotation only with a reason, and the public timeline shows the override', async ({ browser }) => {
  const applicant = await browser.newContext();
  const filing = await applicant.newPage();
  await useEnglish(filing);
  const { number } = await applyOnline(filing, 'DB', 'building-permit', 'Heritage façade, override journey');
  const unit = (await (await filing.request.get(`/api/v1/applications/${number}`)).json()).unit.code as string;
  await applicant.close();

  const office = await browser.newContext();
  const page = await office.newPage();
  await useEnglish(page);
  await signIn(page, headOf(unit));
  await page.goto(`/office/applications/${number}`);
  const before = (await page.getByTestId('assignee').textContent())!;
  const override = page.locator('form', { has: page.getByRole('button', { name: 'Override', exact: true }) });
  const choices = await override.locator('select[name="override_official"] option').allTextContents();
  const other = choices.slice(1).find((c) => !before.includes(c))!;
  await override.locator('select[name="override_official"]').selectOption({ label: other });
  await override.getByRole('button', { name: 'Override', exact: true }).click();
  await expect(page.locator('#override-reason-error')).toContainText('Give a reason');
  await expect(page.locator('select[name="override_official"] option:checked')).toHaveText(other);
  await expectAccessible(page, 'override refused');
  await page.getByLabel('Reason for the override').fill('Heritage specialist needed for the façade.');
  await page.getByRole('button', { name: 'Override', exact: true }).click();
  await expectRecorded(page);
  await expect(page.getByTestId('assignee')).toContainText(other);
  await expectAccessible(page, 'case page after the override');
  await office.close();

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await useEnglish(publicPage);
  await publicPage.goto(`/applications/${number}`);
  await expect(publicPage.getByText('Assignment overridden by the head of unit')).toBeVisible();
  await expect(publicPage.locator('body')).not.toContainText('Heritage specialist needed');
  await expectAccessible(publicPage, 'public page after the override');
  await visitor.close();
});
