import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';

test('anyone finds a contracting process in the contracts register, follows it and downloads its OCDS record', async ({ page }) => {
  await useEnglish(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Contracts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible();
  await expectAccessible(page, 'contracts register');

  // A search term the register cannot read is named, and what was typed stays.
  await page.getByLabel('Estimated value from').fill('lots');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('Enter an amount in whole units')).toBeVisible();
  await expect(page.getByLabel('Estimated value from')).toHaveValue('lots');
  await expectAccessible(page, 'register with a search error');

  await page.getByLabel('Estimated value from').fill('150,000,000');
  await page.getByLabel('Estimated value up to').fill('250000000');
  await page.getByLabel('Method').selectOption('direct');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('result-count')).toContainText('One contracting process matches.');
  await page.getByRole('link', { name: /Pocket park works/ }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pocket park works');
  await expectAccessible(page, 'process page');
  const number = page.url().split('/applications/')[1]!.split(/[?#]/)[0]!;
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'OCDS record (JSON)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`ocds-dlight-${number}.json`);
  const record = JSON.parse(await (await page.request.get(`/contracts/${number}/record.json`)).text());
  expect(record.records[0].ocid).toBe(`ocds-dlight-${number}`);
  expect(record.records[0].compiledRelease.awards[0].suppliers[0].name).toBe('(주)누리조경');

  // The supplier's page lists what it won; the data page lists the files, the prefix and the red flags' counts.
  await page.goto('/contracts?supplier=%EB%88%84%EB%A6%AC');
  await page.getByRole('link', { name: '(주)누리조경' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '(주)누리조경' })).toBeVisible();
  await expect(page.locator('main')).toContainText(number);
  await expectAccessible(page, 'supplier page');
  await page.goto('/contracts/data');
  await expect(page.getByRole('row', { name: /Haneul Metropolitan City/ })).toContainText('ocds-dlight-{number}');
  await expect(page.getByTestId('flag-counts')).toBeVisible();
  await expectAccessible(page, 'contracts data page');
});
