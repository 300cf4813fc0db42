import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3199);
/** Port of the map tile server the map journey starts itself (test/e2e/public-finds-applications-on-the-map.spec.ts). */
const TILE_PORT = Number(process.env.E2E_TILE_PORT ?? PORT + 1000);

/** Browser journeys in Debian's Chromium against a fresh embedded-database server with the small demo seed. */
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: `rm -rf .data-e2e-${PORT} && tsx src/cli/main.ts start`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: `.data-e2e-${PORT}`, SEED: 'small', LOG_LEVEL: 'warn', MAIL_FOLDER_PAGE: 'on', FORM_RATE_LIMIT: '1000',
      MAP_TILE_URL: `http://127.0.0.1:${TILE_PORT}/tiles/{z}/{x}/{y}.png`, MAP_TILE_ATTRIBUTION: 'Test tiles' },
  },
});
