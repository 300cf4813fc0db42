import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';

test('anyone reads the Integrity Index of a year, a department’s history and the methodology, in English and Korean', async ({ browser }) => {
  const year = new Date().getFullYear() - 2;
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await page.goto('/integrity');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrity Index' })).toBeVisible();
  await expectAccessible(page, 'integrity home');

  await page.getByRole('region', { name: 'Dongbu-gu, Haneul' }).getByRole('link', { name: `Year ${year}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Integrity Index ${year}`);
  const summary = page.getByTestId('integrity-summary');
  await expect(summary).toContainText('said someone asked for or offered money');
  const units = page.getByTestId('integrity-units');
  // The building division, where a few applicants reported being asked for money, shows its share with an interval.
  const build = units.getByRole('row', { name: /Building Permits Division/ });
  await expect(build).toContainText('%');
  await expect(build).toContainText('−0.2');
  await expect(units.getByText(/Withheld: fewer than 10 respondents/).first()).toBeVisible();
  await expectAccessible(page, 'integrity year');

  const csv = await page.request.get(`/integrity/DB/${year}/units.csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('DB-BUILD');
  const json = await (await page.request.get(`/integrity/DB/${year}.json`)).json();
  expect(json.confidence.experience).toBe('Wilson score interval');

  await build.getByRole('link').click();
  await expect(page.getByRole('img', { name: /Integrity Index over the years/ })).toBeVisible();
  await expectAccessible(page, 'department history');

  await page.goto(`/integrity/DB/${year}/methodology`);
  await expect(page.getByTestId('integrity-formula')).toContainText('0.763');
  await expect(page.getByText('Wilson score interval', { exact: false }).first()).toBeVisible();
  await expectAccessible(page, 'methodology');

  await page.goto(`/lang/ko?back=/integrity/DB/${year}/methodology`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('청렴지수 산정 방식');
  await expectAccessible(page, 'methodology in Korean');
  await context.close();
});
