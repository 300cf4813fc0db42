import { expect, test, type Page } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, headOf, officerOf, signIn, useEnglish } from './support.js';

interface ApiStage { key: string; unit: string | null; status: string; name: { en: string } }

async function stagesOf(page: Page, number: string): Promise<{ unit: string; stages: ApiStage[] }> {
  const res = await page.request.get(`/api/v1/applications/${number}`);
  const body = await res.json();
  return { unit: body.unit.code, stages: body.stages };
}

test('officials work an application stage by stage to a decision, and the public sees every step', async ({ browser }) => {
  const applicant = await browser.newContext();
  const page = await applicant.newPage();
  await useEnglish(page);
  const { number } = await applyOnline(page, 'DB', 'building-permit', 'Two-storey bakery, e2e decision journey');
  await applicant.close();

  const office = await browser.newContext();
  const desk = await office.newPage();
  await useEnglish(desk);
  const first = await stagesOf(desk, number);
  await signIn(desk, headOf(first.unit));
  await expect(desk.getByRole('heading', { level: 1, name: 'My queue' })).toBeVisible();
  await expectAccessible(desk, 'queue');
  // On a phone the queue's rows stack: every column stays on screen, nothing scrolls sideways.
  await desk.setViewportSize({ width: 420, height: 900 });
  const received = desk.locator('table.queue td[data-label="Received"]').first();
  const box = (await received.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(420);
  expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
  await expectAccessible(desk, 'queue on a phone');
  await desk.setViewportSize({ width: 1280, height: 720 });

  await desk.goto(`/office/applications/${number}`);
  await expectAccessible(desk, 'case page');
  // Filing assigned the case by rotation to one of the unit's officers; nobody chose who.
  await expect(desk.getByTestId('assignee')).toContainText('Held by');

  // Work each stage with an official of the unit that owns it.
  const { stages } = await stagesOf(desk, number);
  let signedInAs = headOf(first.unit);
  for (const stage of stages) {
    const owner = officerOf(stage.unit ?? first.unit);
    if (owner !== signedInAs) {
      await office.clearCookies();
      await useEnglish(desk);
      await signIn(desk, owner);
      signedInAs = owner;
    }
    await desk.goto(`/office/applications/${number}`);
    const start = desk.getByRole('button', { name: `Start: ${stage.name.en}` });
    await start.click();
    await expectRecorded(desk);
    if (stage.key !== 'decision') {
      const form = desk.locator('form', { has: desk.getByRole('button', { name: `Complete: ${stage.name.en}` }) });
      await form.getByLabel('Public note').fill(`${stage.name.en} checked, nothing to add.`);
      await form.getByRole('button', { name: `Complete: ${stage.name.en}` }).click();
      await expectRecorded(desk);
    }
  }

  // A rejection without redress is refused with a clear message; the approval with conditions goes through.
  const decision = desk.locator('form.decision');
  await decision.getByLabel('Approved with conditions').check();
  await decision.getByRole('button', { name: 'Record decision' }).click();
  await expect(desk.getByRole('alert')).toContainText('State the conditions of the approval.');
  await expectAccessible(desk, 'case page with error');
  const again = desk.locator('form.decision');
  await again.getByLabel('Approved with conditions').check();
  await again.getByLabel('Conditions', { exact: true }).fill('Keep the pavement clear during works.');
  await again.getByRole('button', { name: 'Record decision' }).click();
  await expectRecorded(desk);
  await office.close();

  // The public follows: every stage completed, who acted, the decision and its conditions.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  await useEnglish(visitor);
  await visitor.goto(`/applications/${number}`);
  await expect(visitor.locator('.status').first()).toHaveText('Approved with conditions');
  await expect(visitor.getByText('Keep the pavement clear during works.')).toBeVisible();
  for (const stage of stages) {
    await expect(visitor.locator('.stage', { hasText: stage.name.en }).locator('.stage-status')).toHaveText('Completed');
  }
  // The case, and each stage another unit works, were assigned by rotation.
  await expect(visitor.getByText('Assigned by rotation').first()).toBeVisible();
  await expectAccessible(visitor, 'public page after decision');
  await publicContext.close();
});

test('an official cannot act on another department’s application', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  const { number } = await applyOnline(page, 'DB', 'building-permit', 'Refusal check');
  await signIn(page, 'db.food.1');
  await page.goto(`/office/applications/${number}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Something is not right' })).toBeVisible();
  await expect(page.locator('main')).toContainText('You may not see this application’s private data.');
  await context.close();
});
