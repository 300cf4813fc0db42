import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { entryForEvent, verifyTlogProof } from '../../src/log/index.js';
import { expectAccessible, useEnglish } from './support.js';

test('the public downloads the proof of an event and sees it verified in the page', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await useEnglish(page);
  const { applications } = await (await page.request.get('/api/v1/applications?limit=1')).json();
  const number: string = applications[0].number;
  // The demo's events are integrated within a second of start; wait for the first one's receipt.
  await expect.poll(async () => (await page.request.get(`/api/v1/applications/${number}/events/1/proof`)).status()).toBe(200);

  await page.goto(`/applications/${number}`);
  const first = page.locator('.timeline > li').first();

  // The receipt downloads as a C2SP tlog-proof that anyone can check offline against the log's key.
  const downloading = page.waitForEvent('download');
  await first.getByRole('link', { name: 'Proof' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${number}-1.tlog-proof`);
  const proof = fs.readFileSync((await download.path())!, 'utf8');
  expect(proof).toMatch(/^c2sp\.org\/tlog-proof@v1\nindex \d+\n/);
  const key = (await (await page.request.get('/log/key')).text()).trim();
  const { events } = await (await page.request.get(`/api/v1/applications/${number}`)).json();
  expect(verifyTlogProof(proof, entryForEvent(events[0]), key).index).toBe(events[0].log.index);

  // In the page, the browser recomputes the entry, checks the proof and the checkpoint's signature itself.
  await first.getByRole('button', { name: 'Verify here' }).click();
  await expect(first.getByRole('status')).toContainText(`Verified in your browser: this event is entry ${events[0].log.index} of the public log`);
  await expectAccessible(page, 'public page with a verified proof');
  await context.close();
});
