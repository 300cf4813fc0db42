import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn, useEnglish } from './support.js';

/** Fills one stage row of the procedure editor. */
async function fillStage(page: Page, n: number, stage: { key: string; ko: string; en: string; days: string }) {
  const row = page.getByRole('group', { name: `Stage ${n}`, exact: true });
  await row.getByLabel('Key').fill(stage.key);
  await row.getByLabel('Name (Korean)').fill(stage.ko);
  await row.getByLabel('Name (English)').fill(stage.en);
  await row.getByLabel('Duration').fill(stage.days);
}

const stageKeys = (page: Page) => page.locator('input[name^="stage."][name$=".key"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

test('an administrator builds a procedure row by row, and is told which row is wrong', async ({ browser }) => {
  // Every button of the editor is a plain form submission (the page has no script of its own for it).
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await signIn(page, 'admin');
  await page.goto('/admin/procedures/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New procedure' })).toBeVisible();
  await expectAccessible(page, 'new procedure');

  await page.getByLabel('Code').fill('tree-felling');
  await page.locator('input[name="name_ko"]').fill('수목 벌채 허가');
  await page.locator('input[name="name_en"]').fill('Tree felling permit');
  await fillStage(page, 1, { key: 'intake', ko: '접수', en: 'Intake', days: '1' });

  // Two more stages; what was typed in the first survives each round trip.
  await page.getByRole('button', { name: 'Add a stage' }).click();
  await expect(page.getByRole('status')).toContainText('not saved yet');
  await fillStage(page, 2, { key: 'decision', ko: '결정', en: 'Decision', days: '2' });
  await page.getByRole('button', { name: 'Add a stage' }).click();
  await fillStage(page, 3, { key: 'survey', ko: '현장 조사', en: '', days: '3' });
  await expect(page.locator('input[name="name_en"]')).toHaveValue('Tree felling permit');
  await expectAccessible(page, 'procedure editor with three stages');

  // The survey comes before the decision; a stray stage is added and removed again.
  await page.getByRole('button', { name: 'Move up: Stage 3' }).click();
  expect(await stageKeys(page)).toEqual(['intake', 'survey', 'decision']);
  await page.getByRole('button', { name: 'Add a stage' }).click();
  await fillStage(page, 4, { key: 'stray', ko: '잘못', en: 'Stray', days: '1' });
  await page.getByRole('button', { name: 'Remove: Stage 4' }).click();
  expect(await stageKeys(page)).toEqual(['intake', 'survey', 'decision']);

  // Saving with the survey's English name missing names that row and input; nothing is lost.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('Stage 2: write its name in English.');
  const survey = page.getByRole('group', { name: 'Stage 2', exact: true });
  await expect(survey.getByLabel('Name (English)')).toHaveAttribute('aria-invalid', 'true');
  await expect(survey.getByLabel('Name (Korean)')).toHaveValue('현장 조사');
  await expectAccessible(page, 'procedure editor with an error');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `.scratch/procedure-editor-${width}.png`, fullPage: true });
  }

  await survey.getByLabel('Name (English)').fill('Site survey');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\?saved=1#procedures/);

  // The saved version has the stages in the order they were arranged.
  await page.getByRole('row', { name: /tree-felling/ }).getByRole('link').click();
  expect(await stageKeys(page)).toEqual(['intake', 'survey', 'decision']);
  await expect(page.getByRole('group', { name: 'Stage 2', exact: true }).getByLabel('Name (English)')).toHaveValue('Site survey');
  await context.close();
});
