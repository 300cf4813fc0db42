import { describe, expect, it } from 'vitest';
import type { ClaimedMail } from '../db/repos/outbox.js';
import { verifyLink } from './links.js';
import { renderMail } from './render.js';

const ctx = { publicUrl: 'https://daylight.test', linkSecret: 'secret' };
const mail = (kind: string, locale: string, params: Record<string, unknown>): ClaimedMail => ({
  id: 1, idempotency_key: 'k', kind, recipient: 'someone@example.org', locale, application_id: 7, params, attempts: 0,
});
const item = { number: '2026-TS-0000007', title: 'New house', address: '1 Main St', procedure: { ko: '건축허가', en: 'Building permit' }, type: 'decision', outcome: 'approved', at: '2026-11-24T00:00:00Z' };
const area = { kind: 'area', area: { lat: 37.5665, lng: 126.978, radiusM: 500, place: null } };

describe('renderMail subjects and links', () => {
  it.each([
    { name: 'applicant decision names the outcome', m: mail('applicant_event', 'en', { number: '2026-TS-0000007', title: 'New house', type: 'decision', outcome: 'rejected' }), subject: '2026-TS-0000007: Decision: Rejected' },
    { name: 'applicant stage change', m: mail('applicant_event', 'en', { number: '2026-TS-0000007', title: 'New house', type: 'stage_started', stage: { ko: '접수', en: 'Intake' } }), subject: '2026-TS-0000007: Stage started: Intake' },
    { name: 'an alert is marked as one', m: mail('follow_alert', 'en', { follow: 3, target: area, items: [item], more: 0 }), subject: 'Alert · 2026-TS-0000007: Decision' },
    { name: 'an alert in Korean', m: mail('follow_alert', 'ko', { follow: 3, target: area, items: [item], more: 0 }), subject: '알림 · 2026-TS-0000007: 처분 결정' },
    { name: 'a digest counts its items and the rest', m: mail('follow_digest', 'en', { follow: 3, target: area, items: [item, item], more: 5 }), subject: 'Your daily Daylight alerts: 7 updates' },
    { name: 'a confirmation', m: mail('follow_confirm', 'en', { follow: 3, frequency: 'daily', target: area }), subject: 'Confirm your Daylight alerts' },
  ])('$name', ({ m, subject }) => {
    expect(renderMail(m, ctx).subject).toBe(subject);
  });

  it('gives alerts a manage link and confirmations a confirm link, each good for its purpose only', () => {
    const alert = renderMail(mail('follow_alert', 'en', { follow: 3, target: area, items: [item], more: 0 }), ctx);
    const manage = alert.text.match(/https:\/\/daylight\.test\/follows\/([^\s]+)/)![1]!;
    expect(verifyLink('secret', manage, 'follow')).toEqual({ p: 'follow', f: 3 });
    expect(verifyLink('secret', manage, 'follow_confirm')).toBeUndefined();
    expect(alert.headers?.['List-Unsubscribe']).toContain(manage);
    expect(alert.text).toContain('New applications and decisions within 500 m of 37.56650, 126.97800');
    const confirm = renderMail(mail('follow_confirm', 'en', { follow: 3, frequency: 'daily', target: area }), ctx);
    const token = confirm.text.match(/https:\/\/daylight\.test\/follows\/confirm\/([^\s]+)/)![1]!;
    expect(verifyLink('secret', token, 'follow_confirm')).toEqual({ p: 'follow_confirm', f: 3 });
    expect(confirm.text).toContain('once a day');
  });
});

describe('the integrity survey invitation', () => {
  const params = { token: 'tok_ABCdef0123456789xyz', number: '2026-TS-0000007', until: '2026-12-31T14:59:00Z', zone: 'Asia/Seoul', year: 2026 };

  it.each([
    ['en', '2026-TS-0000007: a short survey on how your application was handled (Integrity Index 2026)', 'No one will see your answers by name', '31 December 2026'],
    ['ko', '2026-TS-0000007: 민원 처리에 관한 짧은 설문(2026년 청렴지수)', '응답은 누구도 이름으로 보지 않습니다.', '2026년 12월 31일'],
  ])('is written in the applicant’s language (%s), with a single-use link that opens in it', (locale, subject, anonymous, date) => {
    const message = renderMail(mail('integrity_invitation', locale, params), ctx);
    expect(message.subject).toBe(subject);
    expect(message.text).toContain(anonymous);
    expect(message.text).toContain(date);
    expect(message.text).toContain(`https://daylight.test/integrity/survey/tok_ABCdef0123456789xyz?lang=${locale}`);
    // Its own message: nothing of the closing e-mail's rating link.
    expect(message.text).not.toContain('/rate/');
  });
});

describe('the link to a saved application', () => {
  const params = { token: 'A'.repeat(43), procedure: { ko: '건축허가', en: 'Building permit' }, until: '2027-01-05T03:00:00Z', zone: 'Asia/Seoul' };
  it.each([
    ['en', 'Your saved application: Building permit', '5 January 2027'],
    ['ko', '저장한 신청서: 건축허가', '2027년 1월 5일'],
  ])('in %s: names the procedure, the day it expires and the link that opens it', (locale, subject, until) => {
    const rendered = renderMail(mail('draft_saved', locale, params), ctx);
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(until);
    expect(rendered.text).toContain(`https://daylight.test/apply/${'A'.repeat(43)}`);
  });
});
