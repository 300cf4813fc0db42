import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { expectAccessible, useEnglish } from './support.js';

// The app under test is configured (playwright.config.ts) with tiles from this port; the journey serves them itself,
// so it can also take the tile server away and watch the page fall back to its list.
const TILE_PORT = Number(process.env.E2E_TILE_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 1000);

let tiles: Server;
let tilesAvailable = true;
let tilesServed = 0;

test.beforeAll(async () => {
  const png = solidPng(256, [0xe8, 0xee, 0xe4]);
  tiles = createServer((req, res) => {
    if (tilesAvailable && /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      tilesServed += 1;
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
    } else {
      res.writeHead(404, { 'cache-control': 'no-store' }).end();
    }
  });
  await new Promise<void>((resolve) => tiles.listen(TILE_PORT, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => tiles?.close(resolve));
});

test('the public finds applications around a point on the map and can follow the area', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await useEnglish(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).click();
  await expect(page).toHaveURL(/\/map$/);
  await expect(page.locator('.map-section')).toHaveAttribute('data-map-state', 'ready');
  expect(tilesServed).toBeGreaterThan(0);
  await expect(page.getByTestId('map-notice')).toBeHidden();
  await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
  await expect(page.locator('.leaflet-control-attribution')).toContainText('Test tiles');
  // The list is there too, with the same applications the markers show.
  const markers = await page.locator('.leaflet-marker-icon').count();
  await expect(page.getByTestId('map-list').locator('tbody tr')).toHaveCount(markers);
  await expectAccessible(page, 'map');

  // A marker's popup names the application and links to it.
  await page.locator('.leaflet-marker-icon').first().click({ force: true });
  const popupLink = page.locator('.leaflet-popup-content a');
  await expect(popupLink).toHaveText(/^\d{4}-[A-Z]{2}-\d{7}$/);

  // Clicking the map sets the area's centre; searching shows the area, nearest first, with distances.
  // Just below a marker's tip is map, not marker (unless another marker sits there: then try beside it).
  const icon = (await page.locator('.leaflet-marker-icon').first().boundingBox())!;
  for (const [dx, dy] of [[0, 8], [-30, 8], [30, 8], [0, 30]] as const) {
    await page.mouse.click(icon.x + icon.width / 2 + dx, icon.y + icon.height + dy);
    if (await page.getByLabel('Latitude').inputValue()) break;
  }
  await expect(page.getByLabel('Latitude')).toHaveValue(/^-?\d+\.\d{6}$/);
  await expect(page.getByLabel('Longitude')).toHaveValue(/^-?\d+\.\d{6}$/);
  await expect(page.locator('#map-picked')).toContainText('Centre set to');
  await page.getByLabel('Radius (metres)').fill('3000');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/lat=.*lng=.*radius=3000/);
  await expect(page.locator('.map-section')).toHaveAttribute('data-map-state', 'ready');
  await expect(page.getByRole('columnheader', { name: 'Distance' })).toBeVisible();
  const distances = await page.getByTestId('map-list').locator('tbody tr td.num').allTextContents();
  expect(distances.length).toBeGreaterThan(0);
  const metres = distances.map((d) => (d.endsWith(' km') ? parseFloat(d) * 1000 : parseFloat(d)));
  expect(metres).toEqual([...metres].sort((a, b) => a - b));
  expect(Math.max(...metres)).toBeLessThanOrEqual(3000);
  await expect(page.locator('path.leaflet-interactive')).toHaveCount(1);
  const follow = page.getByRole('link', { name: 'Follow this area' });
  await expect(follow).toHaveAttribute('href', /^\/follow\?kind=area&lat=-?\d+\.\d{6}&lng=-?\d+\.\d{6}&radius=3000$/);
  await expectAccessible(page, 'map with an area');
  await context.close();
});

test('without reachable tiles the map gives way to the list, which says so', async ({ browser }) => {
  tilesAvailable = false;
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await useEnglish(page);
    await page.goto('/map');
    await expect(page.locator('.map-section')).toHaveAttribute('data-map-state', 'unavailable');
    await expect(page.getByTestId('map-notice')).toBeVisible();
    await expect(page.getByTestId('map-notice')).toContainText('The map is unavailable');
    await expect(page.locator('#map')).toBeHidden();
    await expect(page.getByTestId('map-list').locator('tbody tr').first()).toBeVisible();
    await expectAccessible(page, 'map without tiles');
    await context.close();
  } finally {
    tilesAvailable = true;
  }
});

test('without JavaScript the page is a list, searchable by a known address, with errors in plain words', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await useEnglish(page);
  await page.goto('/map');
  await expect(page.getByTestId('map-notice')).toBeVisible();
  await expect(page.locator('#map')).toBeHidden();
  const firstAddress = (await page.getByTestId('map-list').locator('tbody tr').first().locator('td').nth(1).locator('.muted').textContent())!.trim();

  await page.getByLabel('Address').fill(firstAddress);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('map-place')).toContainText(`Centred on ${firstAddress}.`);
  await expect(page.getByTestId('map-list').locator('tbody tr').first().locator('td.num')).toHaveText('0 m');
  await expect(page.getByRole('link', { name: 'Follow this area' })).toBeVisible();

  await page.getByLabel('Address').fill('Nowhere Street 99999');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('alert')).toContainText('No application address matches “Nowhere Street 99999”. Enter coordinates or pick a point on the map.');
  await page.getByLabel('Address').fill('');
  await page.getByLabel('Latitude').fill('37.55');
  await page.getByLabel('Longitude').fill('127.0');
  await page.getByLabel('Radius (metres)').fill('99999');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('alert')).toContainText('The radius must be a whole number of metres from 50 to 5000.');
  await expect(page.getByLabel('Radius (metres)')).toHaveAttribute('aria-invalid', 'true');
  const withError = page.url();
  await context.close();

  // axe needs JavaScript to run: the same error page, checked in an ordinary browser.
  const checking = await browser.newContext();
  const checker = await checking.newPage();
  await useEnglish(checker);
  await checker.goto(withError);
  await expect(checker.getByRole('alert')).toContainText('The radius must be');
  await expectAccessible(checker, 'map with an error');
  await checking.close();
});

/** A square PNG of one colour, built by hand (8-bit RGB, no filter) so the test needs no image library. */
function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from(rgb))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

