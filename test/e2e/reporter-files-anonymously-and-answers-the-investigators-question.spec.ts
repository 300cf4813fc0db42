import { expect, test } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { expectAccessible, signIn, useEnglish } from './support.js';

const WHAT = 'E2E-CANARY-REPORT 담당자가 허가를 빨리 내주겠다며 현금 300만 원을 요구했습니다.';
const QUESTION = 'When and where did the official ask for the money?';
const ANSWER = '3월 4일 오후, 구청 민원실 옆 회의실에서였습니다.';

test('a reporter files anonymously with a file, then reads the investigator’s question and answers it with the receipt', async ({ browser }) => {
  // Two people, many pages, each receipt stretched with argon2id on a shared machine.
  test.setTimeout(150_000);
  // The reporter, in Korean, without an account; the page sets no cookie.
  const reporterContext = await browser.newContext({ locale: 'ko-KR' });
  const reporter = await reporterContext.newPage();
  await reporter.goto('/');
  await reporter.getByRole('link', { name: '부패 신고' }).click();
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('부패 신고');
  await expectAccessible(reporter, 'report form (ko)');
  await reporter.getByRole('button', { name: '신고하기' }).click();
  await expect(reporter.locator('.error-summary')).toContainText('신고 유형을 선택해 주십시오.');
  await expectAccessible(reporter, 'report form with its errors (ko)');
  await reporter.getByLabel('처리를 앞당기거나 막힌 것을 풀어 주는 대가로 돈을 요구함').check();
  await reporter.getByLabel('신고 내용').fill(WHAT);
  await reporter.getByLabel('발생 시기').fill('2026년 3월 초');
  // A PDF whose author is written in it: its hidden details are removed unless the reporter unticks the choice.
  const evidence = await PDFDocument.create();
  evidence.addPage([200, 200]);
  evidence.setAuthor('E2E Canary Author');
  await reporter.getByLabel('증거 파일').setInputFiles({ name: 'evidence.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await evidence.save()) });
  await expect(reporter.getByLabel(/숨은 정보 지우기/)).toBeChecked();
  await reporter.getByRole('button', { name: '신고하기' }).click();
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('신고가 접수되었습니다');
  await expect(reporter.getByTestId('metadata-removed')).toContainText('지운 정보: 작성자');
  const receipt = (await reporter.getByTestId('receipt').textContent())!.replace(/\s/g, '');
  expect(receipt).toMatch(/^\d{16}$/);
  expect(reporter.url()).not.toContain(receipt);
  await expectAccessible(reporter, 'receipt (ko)');
  expect((await reporterContext.cookies()).filter((c) => c.name !== 'dl_lang')).toEqual([]);

  // The investigator unlocks the channel with their password, acknowledges and asks a question.
  const investigatorContext = await browser.newContext();
  const investigator = await investigatorContext.newPage();
  await useEnglish(investigator);
  await signIn(investigator, 'investigator');
  await investigator.getByRole('link', { name: 'Reports', exact: true }).click();
  await investigator.getByRole('link', { name: 'Unlock' }).click();
  await expectAccessible(investigator, 'unlock');
  await investigator.getByLabel('Password').fill('daylight-demo');
  await investigator.getByRole('button', { name: 'Unlock' }).click();
  await expect(investigator).toHaveURL(/\/office\/reports$/);
  await expectAccessible(investigator, 'queue');
  await investigator.getByTestId('report-queue').getByRole('link').first().click();
  await expect(investigator.getByTestId('report-text')).toHaveText(WHAT);
  await expectAccessible(investigator, 'report');
  await investigator.getByRole('button', { name: 'Acknowledge receipt' }).click();
  await expect(investigator.locator('p.notice[role="status"]')).toContainText('acknowledged');
  await investigator.getByLabel('Text').fill(QUESTION);
  await investigator.getByRole('button', { name: 'Send' }).click();
  await expect(investigator.locator('p.notice[role="status"]')).toContainText('mailbox');

  // The reporter comes back with the receipt, reads the question and answers it.
  await reporter.goto('/report/mailbox');
  await expectAccessible(reporter, 'mailbox receipt form (ko)');
  await reporter.getByLabel('접수번호').fill('0000 0000 0000 0000');
  await reporter.getByRole('button', { name: '신고함 열기' }).click();
  await expect(reporter.locator('.error-summary')).toContainText('이 접수번호로 열리는 신고가 없습니다');
  await reporter.getByLabel('접수번호').fill(receipt);
  await reporter.getByRole('button', { name: '신고함 열기' }).click();
  await expect(reporter.getByTestId('report-status')).toContainText('접수 확인, 조사 중');
  await expect(reporter.getByTestId('report-message')).toContainText(QUESTION);
  await expectAccessible(reporter, 'mailbox (ko)');
  await reporter.getByRole('textbox', { name: '메시지', exact: true }).fill(ANSWER);
  await reporter.getByRole('button', { name: '보내기' }).click();
  await expect(reporter.locator('p.notice[role="status"]')).toHaveText('메시지를 보냈습니다.');
  await expect(reporter.getByTestId('report-message').last()).toContainText(ANSWER);

  // The investigator reads the answer and concludes; the reporter sees the outcome.
  await investigator.reload();
  await expect(investigator.getByTestId('report-message').last()).toContainText(ANSWER);
  await investigator.getByLabel('Outcome').selectOption('substantiated');
  await investigator.getByLabel('Feedback to the reporter').fill('The official was suspended and the case sent to the prosecutor.');
  await investigator.getByRole('button', { name: 'Record the outcome and close' }).click();
  await expect(investigator.locator('p.notice[role="status"]')).toContainText('closed');
  await expectAccessible(investigator, 'closed report');
  await reporter.goto('/report/mailbox');
  await reporter.getByLabel('접수번호').fill(receipt);
  await reporter.getByRole('button', { name: '신고함 열기' }).click();
  await expect(reporter.getByTestId('report-status')).toContainText('사실로 확인됨');

  // The public figures show the quarter's reports without any text.
  await reporter.goto('/report/statistics');
  await expect(reporter.locator('body')).not.toContainText('E2E-CANARY-REPORT');
  await expectAccessible(reporter, 'statistics (ko)');
});

test('a custodian approves an investigator’s request to see a confidential reporter’s identity', async ({ browser }) => {
  test.setTimeout(150_000);
  const reporterContext = await browser.newContext();
  const reporter = await reporterContext.newPage();
  await useEnglish(reporter);
  await reporter.goto('/report');
  await reporter.getByLabel('Gifts, meals or entertainment').check();
  await reporter.getByLabel('What happened').fill('The head of the unit accepted a dinner from the applicant before approving.');
  await reporter.getByLabel('Sealed (confidential)').check();
  await reporter.getByLabel('Name', { exact: true }).fill('E2E Canary Witness');
  await reporter.getByLabel('Telephone or e-mail').fill('witness.e2e@example.org');
  await reporter.getByRole('button', { name: 'Send the report' }).click();
  await expect(reporter.getByTestId('receipt')).toBeVisible();

  const investigatorContext = await browser.newContext();
  const investigator = await investigatorContext.newPage();
  await useEnglish(investigator);
  await signIn(investigator, 'investigator2');
  await investigator.goto('/office/reports/unlock');
  await investigator.getByLabel('Password').fill('daylight-demo');
  await investigator.getByRole('button', { name: 'Unlock' }).click();
  await investigator.getByTestId('report-queue').getByRole('link').first().click();
  await expect(investigator.locator('body')).not.toContainText('E2E Canary Witness');
  await investigator.getByLabel('Why you need to know who the reporter is').fill('The reporter is the only witness and must be heard under oath.');
  await investigator.getByRole('button', { name: 'Ask to see the identity' }).click();
  await expect(investigator.locator('p.notice[role="status"]')).toContainText('custodians');
  const reportUrl = investigator.url().split('?')[0]!;

  const custodianContext = await browser.newContext();
  const custodian = await custodianContext.newPage();
  await useEnglish(custodian);
  await signIn(custodian, 'custodian');
  await custodian.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(custodian.getByRole('heading', { level: 1 })).toHaveText('Identity requests');
  await custodian.getByRole('link', { name: 'Unlock' }).click();
  await custodian.getByLabel('Password').fill('daylight-demo');
  await custodian.getByRole('button', { name: 'Unlock' }).click();
  await expect(custodian).toHaveURL(/\/office\/reports\/custody/);
  await expectAccessible(custodian, 'custody');
  const request = custodian.getByTestId('identity-request').first();
  await expect(request).toContainText('only witness');
  await expect(custodian.locator('body')).not.toContainText('E2E Canary Witness');
  await request.getByLabel('Approve').check();
  await request.getByLabel('Reason for your decision').fill('A hearing under oath requires the witness to be identified.');
  await request.getByRole('button', { name: 'Record the decision' }).click();
  await expect(custodian.getByTestId('identity-request').first()).toContainText('approved');
  await expectAccessible(custodian, 'custody after the decision');

  await investigator.goto(reportUrl);
  await expect(investigator.getByTestId('reporter-identity')).toContainText('E2E Canary Witness');
  await expectAccessible(investigator, 'report with the identity');
});
