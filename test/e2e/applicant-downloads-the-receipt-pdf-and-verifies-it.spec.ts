import { expect, test } from '@playwright/test';
import { pdfText } from '../helpers/pdfText.js';
import { applyOnline, expectAccessible, useEnglish } from './support.js';

test('an applicant files, downloads the receipt PDF and anyone checks it through the link printed on it', async ({ page, browser }) => {
  // Two browser contexts, a PDF read back and five axe checks: more than one default timeout on a busy machine.
  test.slow();
  await useEnglish(page);
  const { number } = await applyOnline(page, 'DB', 'building-permit', 'Bicycle workshop, printed receipt journey');
  await expect(page.getByRole('heading', { name: 'Application received' })).toBeVisible();
  await expectAccessible(page, 'receipt');

  // The receipt PDF, from the link on the receipt page, in the browser's session.
  const href = await page.getByTestId('receipt-pdf').getAttribute('href');
  expect(href).toBe(`/my/${number}/receipt.pdf`);
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  const { pages, text } = await pdfText(await download.body());
  expect(pages).toBe(1);
  expect(text).toContain(number);
  expect(text).toContain('Applicant Canary-Qz81');
  const link = /(https?:\/\/\S+\/verify\/[0-9A-Z.-]+)(?:\s|$)/.exec(text)?.[1];
  expect(link).toBeDefined();

  // Someone else, with no session at all, follows the printed link.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto('/lang/en?back=/');
  await expect
    .poll(async () => {
      await other.goto(new URL(link!).pathname);
      return other.getByTestId('verify-log').textContent();
    }, { timeout: 15_000 })
    .toContain('included in its signed checkpoint');
  await expect(other.getByTestId('verify-result')).toContainText('Genuine');
  await expect(other.getByTestId('verify-certified')).toContainText('Bicycle workshop, printed receipt journey');
  await expect(other.locator('body')).not.toContainText('Canary-Qz81');
  await expectAccessible(other, 'verification page');

  // Typing the code as printed, in another spelling, leads to the same page.
  const printed = /Verification code: (\S+ · \d+ · \S+)/.exec(text)?.[1];
  expect(printed).toBeDefined();
  await other.goto('/verify');
  await expectAccessible(other, 'verification form');
  await other.getByLabel('Verification code').fill(printed!.toLowerCase());
  await other.getByRole('button', { name: 'Verify' }).click();
  await expect(other).toHaveURL(new URL(link!).pathname);
  await expect(other.getByTestId('verify-result')).toContainText('Genuine');

  // A passage that was changed on paper is caught.
  await other.getByLabel('Text as printed').fill('Bicycle and scooter workshop, printed receipt journey');
  await other.getByRole('button', { name: 'Compare' }).click();
  await expect(other.getByTestId('verify-passage')).toContainText('matches none of the recorded items');
  await expectAccessible(other, 'verification page with a passage');

  // The footer leads to the accessibility statement; the skip link is the first stop of the keyboard.
  await other.getByRole('contentinfo').getByRole('link', { name: 'Accessibility' }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Accessibility statement' })).toBeVisible();
  await expectAccessible(other, 'accessibility statement');
  await other.keyboard.press('Tab');
  await expect(other.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await expect(other.getByRole('link', { name: 'Skip to content' })).toBeInViewport();

  // The public timeline prints without the site's navigation.
  await other.goto(`/applications/${number}`);
  await other.emulateMedia({ media: 'print' });
  await expect(other.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(other.getByRole('heading', { level: 1 })).toContainText('Bicycle workshop');
  await stranger.close();
});
