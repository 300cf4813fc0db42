import { expect, test } from '@playwright/test';
import { createCalendar, plusDays } from '../../src/domain/calendar.js';
import { expectAccessible, pdf, signIn, useEnglish } from './support.js';

/** An iCalendar file with one all-day event, as a government or a calendar program exports it. */
const icsFile = (date: string, summary: string) => ({
  name: 'designated-holidays.ics',
  mimeType: 'text/calendar',
  buffer: Buffer.from(
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Journey//EN\r\nBEGIN:VEVENT\r\nUID:${date}@journey\r\nDTSTAMP:20260101T000000Z\r\n` +
      `DTSTART;VALUE=DATE:${date.replace(/-/g, '')}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
  ),
});

test('an administrator previews and imports designated holidays; the public calendar and a due date’s calculation skip the day', async ({ browser }) => {
  // Someone applies online; the application's period certainly crosses the next working day.
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await useEnglish(page);
  await page.goto('/procedures');
  await page.getByRole('link', { name: 'Building permit' }).first().click();
  const [, jurisdiction] = new URL(page.url()).pathname.match(/^\/procedures\/([A-Z]+)\//)!;
  await page.getByRole('link', { name: 'Apply online' }).click();
  await page.getByLabel('Project title').fill('Workshop extension, calendar journey');
  await page.getByLabel(/^Address/).fill('5 Dongbu-ro');
  await page.getByLabel(/^Name/).fill('Applicant Canary-Cal7');
  for (const input of await page.locator('input[name^="field_"]').all()) {
    await input.fill((await input.getAttribute('inputmode')) === 'decimal' ? '80' : 'Workshop');
  }
  for (const input of await page.locator('input[type="file"]').all()) await input.setInputFiles(pdf());
  // The form leads to "check your answers", where the application is filed.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('button', { name: 'Submit application' }).click();
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();

  const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
  let day = plusDays(calendar.localDate(Date.now()), 1);
  while (!calendar.isWorkingDay(day)) day = plusDays(day, 1);
  const year = day.slice(0, 4);

  // The administrator finds the jurisdiction's calendar, previews the file, then imports it with a reason.
  const office = await browser.newContext();
  const admin = await office.newPage();
  await useEnglish(admin);
  await signIn(admin, 'admin');
  await admin.goto('/admin');
  await admin.locator(`a[href="/admin/calendars/${jurisdiction}"]`).click();
  await expect(admin.getByRole('heading', { level: 1, name: /^Working calendar: / })).toBeVisible();
  await expectAccessible(admin, 'administrators’ calendar page');
  await admin.goto(`/admin/calendars/${jurisdiction}?year=${year}`);
  await admin.getByLabel('File', { exact: true }).setInputFiles(icsFile(day, 'Journey temporary holiday'));
  await admin.getByRole('button', { name: 'Preview the import' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Import preview: designated-holidays.ics' })).toBeVisible();
  await expect(admin.locator(`tr[data-date="${day}"]`)).toContainText('Added');
  await expect(admin.getByRole('status')).toContainText('Nothing is saved until you import');
  await expectAccessible(admin, 'import preview');
  await admin.getByLabel('Reason').fill('Cabinet decision designating a temporary holiday');
  await admin.getByRole('button', { name: 'Import 1 day' }).click();
  await expect(admin.locator('p.notice[role="status"]')).toContainText('The file was imported.');
  await expect(admin.locator(`tr[data-date="${day}"][data-source="designated"]`)).toBeVisible();
  await expectAccessible(admin, 'calendar after the import');

  // The public calendar shows the day with its source and the change in its history.
  await page.goto(`/calendars/${jurisdiction}?year=${year}`);
  const row = page.locator(`tr[data-date="${day}"]`);
  await expect(row).toContainText('Journey temporary holiday');
  await expect(row).toContainText('Designated holiday');
  await expect(page.locator('.calendar-history')).toContainText('Cabinet decision designating a temporary holiday');
  await expectAccessible(page, 'public calendar');

  // The application's due date skips it, and its calculation says so and names the calendar version.
  await page.goto(`/applications/${number}`);
  const calculation = page.locator('#deadline-application details.deadline-calculation');
  await calculation.locator('summary').click();
  await expect(calculation).toContainText('is not counted: holiday designated by the government (Journey temporary holiday)');
  await expect(calculation).toContainText(/Counted on version \d+ of the jurisdiction’s working calendar/);
  await expect(calculation.getByRole('link', { name: 'See the working calendar' })).toHaveAttribute('href', `/calendars/${jurisdiction}`);
  await expectAccessible(page, 'application with the calculation open');

  // The administrator takes the day off again, with a reason, leaving the calendar as the other journeys expect it.
  await admin.locator(`tr[data-date="${day}"]`).getByRole('link', { name: /^Remove / }).click();
  await admin.locator('#remove').getByLabel('Reason').fill('Journey finished');
  await admin.getByRole('button', { name: 'Remove the day' }).click();
  await expect(admin.locator('p.notice[role="status"]')).toContainText('The day was removed.');
  await expect(admin.locator(`tr[data-date="${day}"]`)).toHaveCount(0);
  await office.close();
  await visitor.close();
});
