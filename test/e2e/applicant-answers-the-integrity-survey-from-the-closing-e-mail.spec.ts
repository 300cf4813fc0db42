import { expect, test, type Page } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, officerOf, signIn, useEnglish } from './support.js';

async function stagesOf(page: Page, number: string): Promise<{ unit: string; stages: { key: string; unit: string | null; name: { en: string } }[] }> {
  const body = await (await page.request.get(`/api/v1/applications/${number}`)).json();
  return { unit: body.unit.code, stages: body.stages };
}

test('an applicant answers the integrity survey from the link in the closing e-mail, once, without signing in', async ({ browser }) => {
  const applicantContext = await browser.newContext();
  const me = await applicantContext.newPage();
  await useEnglish(me);
  const { number } = await applyOnline(me, 'DB', 'building-use-approval', 'Use approval, integrity survey journey');

  // The department works the application to a decision, which closes it.
  const officeContext = await browser.newContext();
  const desk = await officeContext.newPage();
  await useEnglish(desk);
  const { unit, stages } = await stagesOf(desk, number);
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
  await officeContext.close();

  // The invitation is its own e-mail beside the closing one, with a single-use link.
  let link: string | undefined;
  await expect(async () => {
    await me.goto('/dev/mail');
    const mail = me.locator('article', { hasText: `${number}: a short survey` }).first();
    link = (await mail.locator('pre').textContent({ timeout: 1000 }))?.match(/Answer the survey: https?:\/\/[^/]+(\/integrity\/survey\/\S+)/)?.[1];
    expect(link).toBeDefined();
  }).toPass({ timeout: 20_000 });
  await expect(me.locator('article', { hasText: `${number}: Decision` }).first().locator('pre')).not.toContainText('/integrity/survey/');

  const surveyContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await surveyContext.newPage();
  await phone.goto(`/lang/en?back=${encodeURIComponent(link!)}`);
  await expect(phone.getByRole('heading', { level: 1, name: 'Integrity survey' })).toBeVisible();
  await expect(phone.getByRole('heading', { name: 'Who will see your answers' })).toBeVisible();
  await expect(phone.getByRole('link', { name: 'report corruption', exact: true })).toHaveAttribute('href', '/report');
  await expectAccessible(phone, 'integrity survey');

  // Sending with a question left out names it and keeps what was chosen.
  await phone.getByRole('group', { name: /did an official ask for money/ }).getByLabel('No', { exact: true }).check();
  await phone.getByRole('button', { name: 'Send my answers' }).click();
  await expect(phone.getByRole('alert')).toContainText('Choose an answer, or “I prefer not to say”.');
  await expect(phone.getByRole('group', { name: /did an official ask for money/ }).getByLabel('No', { exact: true })).toBeChecked();
  await expectAccessible(phone, 'integrity survey with errors');

  // Every question answered; "prefer not to say" is always there.
  for (const group of await phone.locator('fieldset.question').all()) {
    const first = group.locator('input[type="radio"]').first();
    const chosen = await group.locator('input:checked').count();
    if (!chosen) await (await group.locator('input[value="na"]').count() ? group.locator('input[value="na"]') : first).check();
  }
  await phone.getByRole('group', { name: /treated alike/ }).getByLabel('Agree', { exact: true }).check();
  await phone.getByRole('button', { name: 'Send my answers' }).click();
  await expect(phone.getByTestId('survey-done')).toContainText('Your answers were recorded anonymously');
  await expectAccessible(phone, 'survey thanks');

  // The link works once.
  await phone.goto(link!);
  await expect(phone.getByTestId('survey-closed')).toContainText('This survey has already been answered.');
  await surveyContext.close();
  await applicantContext.close();
});
