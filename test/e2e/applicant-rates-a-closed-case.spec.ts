import { expect, test, type Page } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, officerOf, signIn, useEnglish } from './support.js';

/** The applicant's private comment: the unit and the auditors may read it, the public never. */
const COMMENT = 'Canary comment 5531: the site visit was arranged quickly.';

async function stagesOf(page: Page, number: string): Promise<{ unit: string; stages: { key: string; unit: string | null; name: { en: string } }[] }> {
  const body = await (await page.request.get(`/api/v1/applications/${number}`)).json();
  return { unit: body.unit.code, stages: body.stages };
}

test('an applicant rates a closed case; the unit reads the comment and the public sees only figures', async ({ browser }) => {
  // An application filed online, then worked to an approval by the department.
  const applicantContext = await browser.newContext();
  const me = await applicantContext.newPage();
  await useEnglish(me);
  const { number, accessCode } = await applyOnline(me, 'DB', 'building-use-approval', 'Use approval, rating journey');

  const officeContext = await browser.newContext();
  const desk = await officeContext.newPage();
  await useEnglish(desk);
  const { unit, stages } = await stagesOf(desk, number);
  expect(stages.every((s) => s.unit === null || s.unit === unit)).toBe(true);
  await signIn(desk, officerOf(unit));
  for (const stage of stages) {
    await desk.goto(`/office/applications/${number}`);
    await desk.getByRole('button', { name: `Start: ${stage.name.en}` }).click();
    await expectRecorded(desk);
    if (stage.key !== 'decision') {
      await desk.getByRole('button', { name: `Complete: ${stage.name.en}` }).click();
      await expectRecorded(desk);
    }
  }
  const decision = desk.locator('form.decision');
  await decision.getByLabel('Approved', { exact: true }).check();
  await decision.getByRole('button', { name: 'Record decision' }).click();
  await expectRecorded(desk);

  // The applicant opens their closed case with the access code and is invited to rate the service.
  await me.goto('/track');
  await me.getByLabel('Application number').fill(number);
  await me.getByLabel('Access code').fill(accessCode);
  await me.getByRole('button', { name: /Open|Sign in|Show/ }).click();
  await expect(me).toHaveURL(new RegExp(`/my/${number}`));
  const panel = me.getByTestId('rating');
  await expect(panel.getByRole('heading', { name: 'Rate the service' })).toBeVisible();
  await expectAccessible(me, 'applicant page with the invitation');

  // Sending without a score is refused with a clear message; the comment typed is kept.
  await panel.getByLabel('Comment for the department (optional)').fill(COMMENT);
  await panel.getByRole('button', { name: 'Send rating' }).click();
  await expect(me.getByRole('alert')).toContainText('Choose how satisfied you are');
  await expect(me.getByTestId('rating').getByLabel('Comment for the department (optional)')).toHaveValue(COMMENT);
  await expectAccessible(me, 'rating form with an error');

  await me.getByTestId('rating').getByLabel('Satisfied', { exact: true }).check();
  await me.getByTestId('rating').getByRole('button', { name: 'Send rating' }).click();
  await expect(me.getByRole('status')).toContainText('Thank you: your rating was recorded.');
  const own = me.getByTestId('own-rating');
  await expect(own).toContainText('Satisfied');
  await expect(own).toContainText(COMMENT);
  await expect(me.getByTestId('rating').getByLabel('Satisfied', { exact: true })).toBeChecked();
  await expectAccessible(me, 'applicant page with the rating');
  await applicantContext.close();

  // The closing e-mail carries the same invitation as a signed link that works without signing in.
  const mailContext = await browser.newContext();
  const inbox = await mailContext.newPage();
  await useEnglish(inbox);
  let link: string | undefined;
  await expect(async () => {
    await inbox.goto('/dev/mail');
    const mail = inbox.locator('article', { hasText: `${number}: Decision` }).first();
    link = (await mail.locator('pre').textContent({ timeout: 1000 }))?.match(/Rate the service: https?:\/\/[^/]+(\/rate\/\S+)/)?.[1];
    expect(link).toBeDefined();
  }).toPass({ timeout: 20_000 });
  await inbox.goto(link!);
  await expect(inbox.getByRole('heading', { level: 1, name: `Rate the service for application ${number}` })).toBeVisible();
  await expect(inbox.getByTestId('own-rating')).toContainText(COMMENT);
  await expectAccessible(inbox, 'rating page from the e-mail link');
  await mailContext.close();

  // An official of the unit reads the rating and its comment in the office.
  await desk.getByRole('link', { name: 'Ratings' }).click();
  await expect(desk.getByRole('heading', { level: 1, name: 'Applicants’ ratings' })).toBeVisible();
  const row = desk.getByTestId('ratings').locator('tr', { hasText: number });
  await expect(row).toContainText(COMMENT);
  await expect(row).toContainText('4 · Satisfied');
  await expectAccessible(desk, 'office ratings');
  await officeContext.close();

  // The public statistics show satisfaction with its sample size, never the comment.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  await useEnglish(visitor);
  await visitor.goto('/statistics?period=all');
  await expect(visitor.getByRole('heading', { name: 'Applicants’ satisfaction' }).first()).toBeVisible();
  await expect(visitor.locator('[data-testid^="satisfaction-units-"]').first().locator('tbody tr').first()).toBeVisible();
  await expect(visitor.locator('main')).not.toContainText('Canary comment');
  await expectAccessible(visitor, 'statistics with satisfaction');
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.locator('main')).not.toContainText('Canary comment');
  await publicContext.close();
});
