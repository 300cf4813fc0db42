import { expect, test } from '@playwright/test';
import { applyOnline, expectAccessible, expectRecorded, officerOf, signIn, useEnglish } from './support.js';

test('the public follows an application stage by stage and finds it in the register', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  const { number } = await applyOnline(page, 'DB', 'building-permit', 'Riverside pavilion for the register journey');
  await context.clearCookies();

  // Anyone finds it in the register by words of its title, then by its number.
  await useEnglish(page);
  await page.goto('/register');
  await expectAccessible(page, 'register');
  await page.getByLabel('Number, project or address').fill('riverside pavilion');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: number })).toBeVisible();
  await page.getByLabel('Status').selectOption('received');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: number })).toBeVisible();
  await page.getByLabel('Status').selectOption('approved');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: number })).toHaveCount(0);
  // A full number typed in the search box goes straight to the application.
  await page.goto('/');
  await page.getByLabel('Application number, project or address').fill(number);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${number}$`));

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Riverside pavilion');
  await expect(page.locator('.stage').first().locator('.stage-status')).toHaveText('Not started');
  await expectAccessible(page, 'public page, received');

  // An official starts the first stage; the public page shows it with who and when, to the minute.
  const office = await browser.newContext();
  const desk = await office.newPage();
  await useEnglish(desk);
  await signIn(desk, officerOf('DB-BUILD'));
  await desk.goto(`/office/applications/${number}`);
  await desk.getByRole('button', { name: 'Start: Intake and document check' }).click();
  await expectRecorded(desk);
  await office.close();

  await page.reload();
  const intake = page.locator('.stage').first();
  await expect(intake.locator('.stage-status')).toHaveText('In progress');
  await expect(intake.locator('time').first()).toHaveText(/\d{2}:\d{2}/);
  await expect(intake.locator('.actor')).toBeVisible();
  await expect(page.getByText('Stage started: Intake and document check')).toBeVisible();
  await expectAccessible(page, 'public page, in review');

  // The same record as JSON, for anyone to reuse.
  const api = await page.request.get(`/api/v1/applications/${number}`);
  const body = await api.json();
  // Assigned by rotation as it was received, then its first stage started.
  expect(body.events.map((e: { type: string }) => e.type)).toEqual(['received', 'assigned_by_rotation', 'stage_started']);
  expect(body.events[2].occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  await context.close();
});
