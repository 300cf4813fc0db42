import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, signIn, useEnglish } from './support.js';

/** Signs in each officer of the unit in turn until the one holding the case; returns their page. */
async function holderOf(browser: Browser, unit: string, number: string): Promise<{ context: BrowserContext; page: Page; name: string }> {
  for (let i = 1; i <= 6; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await useEnglish(page);
    await signIn(page, `${unit.toLowerCase().replace('-', '.')}.${i}`);
    const name = (await page.locator('.who').textContent())!.trim();
    await page.goto(`/office/applications/${number}`);
    if ((await page.getByTestId('assignee').textContent())!.includes(name)) return { context, page, name };
    await context.close();
  }
  throw new Error('nobody of the unit holds the case');
}

test('an official declares a conflict on an application and it moves at once to a colleague', async ({ browser }) => {
  const applicant = await browser.newContext();
  const filing = await applicant.newPage();
  await useEnglish(filing);
  const { number } = await applyOnline(filing, 'DB', 'building-permit', 'Corner café, fair handling journey');
  const unit = (await (await filing.request.get(`/api/v1/applications/${number}`)).json()).unit.code as string;
  await applicant.close();

  // Filing assigned the case by rotation; its holder opens it and sees why it is theirs.
  const { context, page, name } = await holderOf(browser, unit, number);
  await expect(page.getByRole('heading', { name: 'Fair handling', exact: true })).toBeVisible();
  await expectAccessible(page, 'case page with fair handling');

  // Stepping aside without a reason is refused, and what was chosen stays.
  const recuse = page.locator('form', { has: page.getByRole('button', { name: 'Declare and step aside' }) });
  await recuse.getByLabel('What ties you to them').selectOption('relative');
  await recuse.getByRole('button', { name: 'Declare and step aside' }).click();
  await expect(page.locator('#recuse-reason-error')).toContainText('Give a reason');
  await expect(page.locator('select[name="recuse_kind"]')).toHaveValue('relative');
  await expectAccessible(page, 'recusal refused');
  await page.locator('#recuse-reason').fill('The applicant is my brother-in-law.');
  await page.getByRole('button', { name: 'Declare and step aside' }).click();
  await expectRecorded(page);
  await expect(page.getByTestId('assignee')).toContainText('Held by');
  await expect(page.getByTestId('assignee')).not.toContainText(name);

  // The public timeline shows the step aside and the new holder, never the reason.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await useEnglish(publicPage);
  await publicPage.goto(`/applications/${number}`);
  await expect(publicPage.getByText('Official stepped aside (conflict of interest declared)')).toBeVisible();
  await expect(publicPage.locator('body')).not.toContainText('brother-in-law');
  await expectAccessible(publicPage, 'public page after the recusal');
  await visitor.close();

  // The declaration is on the official's own list, and a general one can be added there.
  await page.goto('/office/conflicts');
  await expect(page.getByTestId('declarations')).toContainText(number);
  await page.getByLabel('What ties you to them').selectOption('former_employer');
  await page.getByLabel('Name of the person or business').fill('Hanbit Construction Co., Ltd.');
  await page.getByRole('button', { name: 'Declare', exact: true }).click();
  await expect(page.locator('p.notice')).toContainText('Your declaration is recorded');
  await expect(page.getByTestId('declarations')).toContainText('Hanbit Construction');
  await expectAccessible(page, 'declarations');
  await context.close();
});
