import { leafHash, entryForEvent } from '../../src/log/hash.js';
import type { PublicEventRow } from '../../src/db/repos/publicRead.js';
import { presentEvent } from '../../src/presenters/public.js';

/** A stored event as the golden file keeps it: times as ISO strings. */
export interface GoldenRow {
  name: string;
  number: string;
  timeZone: string;
  row: Omit<PublicEventRow, 'occurred_at' | 'recorded_at'> & { occurred_at: string; recorded_at: string };
}

/** A golden row with the exact leaf its event must always produce. */
export interface GoldenVector extends GoldenRow {
  /** The log entry: UTF-8 of the event's RFC 8785 JSON without `log`. */
  entry: string;
  /** RFC 6962 leaf hash of the entry, hex. */
  leaf_hash: string;
}

/** The leaf a golden row produces with today's code. */
export function goldenVector(g: GoldenRow): GoldenVector {
  const row: PublicEventRow = { ...g.row, occurred_at: new Date(g.row.occurred_at), recorded_at: new Date(g.row.recorded_at) };
  const entry = entryForEvent(presentEvent(g.number, row, g.timeZone));
  return { ...g, entry: Buffer.from(entry).toString('utf8'), leaf_hash: Buffer.from(leafHash(entry)).toString('hex') };
}

const official = { kind: 'official' as const, name: { ko: '김민준', en: 'Kim Min-jun' }, title: { ko: '주무관', en: 'Officer' }, unit: { code: 'DB-BUILD', name: { ko: '건축과', en: 'Building Division' } } };
const untitled = { kind: 'official' as const, title: { ko: '과장', en: 'Head of division' }, unit: { code: 'DB-BUILD', name: { ko: '건축과', en: 'Building Division' } } };
const system = { kind: 'system' as const, unit: { code: 'DB-BUILD', name: { ko: '건축과', en: 'Building Division' } } };
const fire = { code: 'DB-FIRE', name: { ko: '소방과', en: 'Fire Division' } };
const build = { code: 'DB-BUILD', name: { ko: '건축과', en: 'Building Division' } };
const at = (seq: number, type: string, data: Record<string, unknown>, actor: GoldenRow['row']['actor'] = official, occurred = '2026-03-02T00:15:30.123Z', recorded = '2026-03-02T00:15:30.123Z') =>
  ({ seq, type, occurred_at: occurred, recorded_at: recorded, actor, data, log_index: 1000 + seq });

/**
 * One stored row for every event type (and a few variants: names withheld, a system actor, a late entry, a zone with
 * daylight saving time, text in several scripts). Add rows, never change one: its vector is frozen.
 */
export const GOLDEN_ROWS: GoldenRow[] = [
  { name: 'received online', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(1, 'received', {
    procedure: { code: 'building-permit', version: 3, name: { ko: '건축허가', en: 'Building permit' } }, unit: build, title: '근린생활시설 신축 "Corner" <shop> & café',
    location: { address: '서울 도봉구 해오름로 12', parcel_id: '1132010100-12', lat: 37.6688, lng: 127.0471 }, channel: 'online', fields: { floor_area: '420.5' }, document_count: 2 }, { kind: 'applicant' }) },
  { name: 'received by a system', number: '2026-DB-0000043', timeZone: 'Asia/Seoul', row: at(1, 'received', {
    procedure: { code: 'road-occupancy', version: 1, name: { ko: '도로점용허가', en: 'Road occupancy permit' } }, unit: build, title: 'Scaffolding',
    location: { address: '7 Haneul-daero' }, channel: 'api', fields: {}, document_count: 0 }, system) },
  { name: 'assigned', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(2, 'assigned', { assignee: official }, untitled) },
  { name: 'reassigned with a reason', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(3, 'reassigned', { assignee: untitled, reason: 'Leave of absence' }, untitled) },
  { name: 'stage started', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(4, 'stage_started', { stage: 'intake', note: '도면 검토 시작' }) },
  { name: 'stage completed, entered late', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(5, 'stage_completed', { stage: 'intake' }, official, '2026-03-03T08:59:59.999Z', '2026-03-05T01:00:00Z') },
  { name: 'supplement requested', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(6, 'supplement_requested', { stage: 'review', note: 'Section drawings missing' }) },
  { name: 'supplement received', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(7, 'supplement_received', { stage: 'review', document_count: 1 }, { kind: 'applicant' }) },
  { name: 'consultation requested', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(8, 'consultation_requested', { stage: 'review', unit: fire }) },
  { name: 'consultation answered', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(9, 'consultation_answered', { stage: 'review', request_seq: 8, note: '이상 없음' }) },
  { name: 'site inspection', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(10, 'site_inspection', { stage: 'review', note: 'Visited with the owner' }) },
  { name: 'delay reason', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(11, 'delay_reason_given', { stage: 'review', reason: 'Awaiting the fire division' }) },
  { name: 'deadline extended', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(12, 'deadline_extended', { stage: 'review', new_due: '2026-04-30', reason: 'Heritage survey', approved_by: '박과장 / Park Gwa-jang' }, untitled) },
  { name: 'transferred and escalated', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(13, 'transferred', { from_unit: 'DB-BUILD', to_unit: 'DB-FIRE', unit: fire, reason: 'A fire matter', transfer_number: 3, escalated: true }, untitled) },
  { name: 'deadline passed', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(14, 'deadline_passed', { stage: 'review', due_at: '2026-03-20T18:00:00+09:00' }, system) },
  { name: 'question opened', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(15, 'inquiry_opened', { inquiry: 1, kind: 'question', private: false, due: '2026-03-30T09:15:30+09:00', text_sha256: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778' }, null) },
  { name: 'private objection opened', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(16, 'inquiry_opened', { inquiry: 2, kind: 'objection', private: true, due: '2026-03-30T09:15:30+09:00' }, null) },
  { name: 'question answered', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(17, 'inquiry_answered', { inquiry: 1, private: false, text_sha256: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0' }) },
  { name: 'answer redacted', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(18, 'inquiry_redacted', { inquiry: 1, field: 'answer', reason: 'A phone number removed', text_sha256: '1111111111111111111111111111111111111111111111111111111111111111' }) },
  { name: 'approved with conditions', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(19, 'decision', { stage: 'decision', outcome: 'approved_with_conditions', reasons: 'Meets the Building Act', conditions: 'No work on Sundays', redress: '' }) },
  { name: 'rejected in a zone with daylight saving time', number: '2026-NY-0000001', timeZone: 'America/New_York', row: at(20, 'decision', { stage: 'decision', outcome: 'rejected', reasons: 'Зона не допускает / المنطقة لا تسمح', redress: 'Appeal within 90 days' }, official, '2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z') },
  { name: 'withdrawn', number: '2026-DB-0000043', timeZone: 'Asia/Seoul', row: at(2, 'withdrawn', {}, { kind: 'applicant' }) },
  { name: 'assigned by rotation', number: '2026-DB-0000044', timeZone: 'Asia/Seoul', row: at(2, 'assigned_by_rotation', { assignee: official, rule: 'rotation-v1' }, system) },
  { name: 'assignment overridden by a supervisor', number: '2026-DB-0000044', timeZone: 'Asia/Seoul', row: at(3, 'assignment_overridden', { assignee: official }, untitled) },
  { name: 'recused, reassigned by rotation', number: '2026-DB-0000044', timeZone: 'Asia/Seoul', row: at(4, 'recused', { assignee: untitled, rule: 'rotation-v1' }) },
  { name: 'recused, nobody eligible', number: '2026-DB-0000045', timeZone: 'Asia/Seoul', row: at(2, 'recused', { rule: 'rotation-v1' }, untitled) },
  { name: 'stage handler assigned by rotation in the stage unit', number: '2026-DB-0000044', timeZone: 'Asia/Seoul', row: at(5, 'assigned_by_rotation', { stage: 'fire', assignee: official, rule: 'rotation-v1' }, system) },
  { name: 'tender published', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(4, 'tender_published', { stage: 'tender', tender_period: { start: '2026-03-03T10:00:00+09:00', end: '2026-03-20T18:00:00+09:00' }, minimum_days: 10 }) },
  { name: 'bid received, sealed', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(5, 'bid_received', { stage: 'tender', bid: 1 }) },
  { name: 'bids opened', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(8, 'bids_opened', { stage: 'bid_opening', bids: [
    { bid: 1, bidder: { name: '(주)한빛건설' }, value: { amount: 110000000, currency: 'KRW' } }, { bid: 2, bidder: { name: 'Seoul Roofing Co.' }, value: { amount: 98500000.5, currency: 'KRW' } },
  ] }) },
  { name: 'bids evaluated', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(10, 'bids_evaluated', { stage: 'evaluation', scores: [{ bid: 1, score: 91.5, reason: '최저가' }, { bid: 2, score: 88, reason: 'Sound method' }] }) },
  { name: 'awarded', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(12, 'awarded', { stage: 'award', bid: 1, supplier: { name: '(주)한빛건설' }, value: { amount: 110000000, currency: 'KRW' }, reasons: 'Best score' }) },
  { name: 'contract signed', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(16, 'contract_signed', { stage: 'contract', supplier: { name: '(주)한빛건설' }, value: { amount: 110000000, currency: 'KRW' } }) },
  { name: 'contract amended', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(18, 'contract_amended', { stage: 'implementation', reason: '석면 발견 / Asbestos found', value: { amount: 150000000, currency: 'KRW' }, previous_value: { amount: 110000000, currency: 'KRW' } }) },
  { name: 'delay reason with its category', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(21, 'delay_reason_given', { stage: 'review', category: 'waiting_other_body', reason: '소방과 협의 회신 대기' }) },
  { name: 'delay reason, a category alone', number: '2026-DB-0000042', timeZone: 'Asia/Seoul', row: at(22, 'delay_reason_given', { stage: null, category: 'workload' }) },
  { name: 'milestone scheduled', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(19, 'milestone_scheduled', { stage: 'implementation', milestone: 1, title: '지붕 방수 완료 / Roof waterproofed', due_date: '2026-06-30' }) },
  { name: 'milestone met', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(20, 'milestone_met', { stage: 'implementation', milestone: 1, title: '지붕 방수 완료 / Roof waterproofed', due_date: '2026-06-30' }) },
  { name: 'payment scheduled', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(21, 'payment_scheduled', { stage: 'implementation', payment: 1, value: { amount: 55000000, currency: 'KRW' }, due_date: '2026-07-15' }) },
  { name: 'tender published with documents', number: '2026-DB-0000047', timeZone: 'Asia/Seoul', row: at(4, 'tender_published', { stage: 'tender', tender_period: { start: '2026-03-03T10:00:00+09:00', end: '2026-03-20T18:00:00+09:00' }, minimum_days: 10, documents: [
    { filename: '입찰공고문 Notice.pdf', sha256: 'a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef', size_bytes: 48213, content_type: 'application/pdf' },
  ] }) },
  { name: 'tender addendum', number: '2026-DB-0000047', timeZone: 'Asia/Seoul', row: at(6, 'tender_addendum', { stage: 'tender', note: '도면 수정 / Revised drawings', documents: [
    { filename: 'drawings-rev2.pdf', sha256: '0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff0', size_bytes: 1048576, content_type: 'application/pdf' },
  ] }) },
  { name: 'payment made', number: '2026-DB-0000046', timeZone: 'Asia/Seoul', row: at(22, 'payment_made', { stage: 'implementation', payment: 1, value: { amount: 55000000, currency: 'KRW' }, due: { amount: 55000000, currency: 'KRW' }, due_date: '2026-07-15' }) },
];
