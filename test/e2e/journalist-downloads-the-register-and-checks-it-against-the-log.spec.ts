import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { verifyDownload } from '../../src/cli/verifyDownload.js';
import { applyOnline, expectAccessible, useEnglish } from './support.js';

test('a journalist downloads the register from the data page and checks it against the log', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await useEnglish(page);
  // An application filed online with personal details, which must never reach a download.
  await applyOnline(page, 'DB', 'building-permit', 'Noodle shop on the corner');

  await page.goto('/');
  await page.getByRole('link', { name: 'Open data', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Open data' })).toBeVisible();
  // The server builds the files a few seconds after it starts; the page says so until then.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('table', { name: 'The whole register (all jurisdictions)' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('link', { name: 'Korea Open Government Licence, type 1 (attribution)' })).toBeVisible();
  await expectAccessible(page, 'data page');

  const row = page.locator('tr[data-file^="daylight-events-"][data-file$=".jsonl.gz"]');
  const name = (await row.getAttribute('data-file'))!;
  const size = Number(/daylight-events-(\d+)\.jsonl\.gz/.exec(name)![1]);
  const listedRows = Number((await row.locator('td').nth(2).textContent())!.replace(/,/g, ''));
  const listedHash = (await row.locator('code.hash').textContent())!.trim();
  expect(listedRows).toBe(size);

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-e2e-data-'));
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link').click()]);
  const events = path.join(folder, download.suggestedFilename());
  await download.saveAs(events);
  const [noteDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the signed checkpoint' }).click()]);
  const note = path.join(folder, noteDownload.suggestedFilename());
  await noteDownload.saveAs(note);

  const bytes = fs.readFileSync(events);
  const { createHash } = await import('node:crypto');
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(listedHash);
  const text = gunzipSync(bytes).toString('utf8');
  expect(text.trim().split('\n')).toHaveLength(size);
  for (const personal of ['Applicant Canary-Qz81', 'canary-qz81@example.org']) expect(text).not.toContain(personal);

  // The check anyone can run: the key from the log's own address here (a real reader takes the published one).
  const key = (await (await page.request.get('/log/key')).text()).trim();
  const report = await verifyDownload({ url: baseURL!, key, file: events, checkpoint: fs.readFileSync(note, 'utf8') });
  expect(report).toEqual({ size, rows: size });

  // The data dictionary explains every column, BLDS's among them.
  await page.getByRole('heading', { level: 3, name: 'BLDS core permits' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('rowheader', { name: 'StatusCurrentMapped' }).first()).toBeVisible();
  // Open311: the discovery document the page links to names the GeoReport endpoint.
  await page.getByRole('link', { name: '/open311/discovery.json' }).click();
  await expect(page.locator('body')).toContainText('http://wiki.open311.org/GeoReport_v2');
  fs.rmSync(folder, { recursive: true, force: true });
  await context.close();
});
