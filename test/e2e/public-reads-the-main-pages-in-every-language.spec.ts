import { expect, test, type Page } from '@playwright/test';
import { LOCALES } from '../../src/domain/types.js';
import { expectAccessible } from './support.js';

/**
 * The main public pages in each of the seven languages: the page is in that language and direction, and passes axe.
 * The procedure and the application are the first the catalogue and the register list, so any demo has them.
 */
const PAGES = ['/', '/procedures', 'procedure', 'application', '/register', '/statistics', '/verify', '/accessibility'] as const;

async function firstLink(page: Page, list: string, prefix: string): Promise<string> {
  await page.goto(list);
  const href = await page.locator(`main a[href^="${prefix}"]:not([href$="/apply"]):not([href*="?"])`).first().getAttribute('href');
  expect(href, `a link to ${prefix} on ${list}`).toBeTruthy();
  return href!;
}

for (const locale of LOCALES) {
  test(`the public reads the main pages in ${locale}, each in that language and direction, each accessible`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`/lang/${locale}?back=/`);
    // A procedure's own page (not its application form) and an application's public page.
    const urls = {
      procedure: await firstLink(page, '/procedures', '/procedures/'),
      application: await firstLink(page, '/register', '/applications/'),
    };
    expect(urls.procedure.split('/')).toHaveLength(4);
    for (const entry of PAGES) {
      const url = entry === 'procedure' || entry === 'application' ? urls[entry] : entry;
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(page.locator('html'), url).toHaveAttribute('lang', locale);
      await expect(page.locator('html'), url).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
      await expectAccessible(page, `${url} in ${locale}`);
    }
  });
}
