import { describe, expect, it } from 'vitest';
import { bldsPermitKind, bldsStatus } from './blds.js';
import { fileName, formatsOf, isFileName, kindOf, readOpenDataForm, servesOpen311 } from './openData.js';
import { open311Datatype, open311Status, parseOpen311Datetime, readRequestListQuery, statusesFor } from './open311.js';

describe('open data, pure parts', () => {
  it.each([
    ['2026-03-01T09:00:00+09:00', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T09:00Z', '2026-03-01T09:00:00.000Z'],
    ['2024-02-29T23:59:59.5-05:00', '2024-03-01T04:59:59.500Z'],
    ['2026-02-29T00:00:00Z', null],
    ['2026-04-31T00:00:00+09:00', null],
    ['2026-03-01T09:00:00', null],
    ['2026-03-01', null],
    ['2026-13-01T00:00:00Z', null],
    ['yesterday', null],
  ])('reads %s as an Open311 date-time', (text, iso) => {
    expect(parseOpen311Datetime(text)?.toISOString() ?? null).toBe(iso);
  });

  it.each([
    ['received', 'open', 'Application Accepted'],
    ['in_review', 'open', 'In Review'],
    ['awaiting_applicant', 'open', 'In Review'],
    ['approved', 'closed', 'Permit Issued'],
    ['approved_with_conditions', 'closed', 'Permit Issued'],
    ['rejected', 'closed', 'Permit Cancelled'],
    ['withdrawn', 'closed', 'Permit Cancelled'],
  ] as const)('maps %s to Open311 %s and BLDS %s', (status, open311, blds) => {
    expect(open311Status(status)).toBe(open311);
    expect(statusesFor(open311)).toContain(status);
    expect(bldsStatus(status)).toBe(blds);
  });

  it('is in its inspection phase right after a site inspection', () => {
    expect(bldsStatus('in_review', true)).toBe('Inspection Phase');
    expect(bldsStatus('approved', true)).toBe('Permit Issued');
  });

  it.each([
    [{ type: 'number' as const }, 'number'],
    [{ type: 'textarea' as const }, 'text'],
    [{ type: 'text' as const }, 'string'],
  ])('offers a %o field as %s', (field, datatype) => expect(open311Datatype(field)).toBe(datatype));

  it('reads a request list’s parameters, with the spec’s 90-day window and bounded pages', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const read = (q: Record<string, string>) => readRequestListQuery(q, now);
    const plain = read({});
    expect('query' in plain && plain.query).toMatchObject({ page: 1, pageSize: 50, start: new Date('2026-03-03T00:00:00Z'), end: now, statuses: null });
    const ids = read({ service_request_id: '2026-TS-0000001, 2026-TS-0000002', status: 'open' });
    expect('query' in ids && ids.query).toMatchObject({ ids: ['2026-TS-0000001', '2026-TS-0000002'], start: null, end: null, statuses: null });
    for (const [given, want] of [['', null], ['a', ['a']], ['a, b,a,', ['a', 'b']], [' , ', null]] as const) {
      const codes = read({ service_code: given });
      expect('query' in codes && codes.query.serviceCodes, given).toEqual(want);
    }
    const issues = (q: Record<string, string>) => { const r = read(q); return 'issues' in r ? r.issues.map((i) => `${i.parameter}:${i.code}`) : []; };
    expect(issues({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-05-01T00:00:00Z' })).toEqual(['end_date:span_too_long']);
    expect(issues({ start_date: '2026-05-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' })).toEqual(['end_date:end_before_start']);
    expect(issues({ status: 'open,pending' })).toEqual(['status:unknown_status']);
    expect(issues({ page: '51', page_size: '200' })).toEqual(['page:page_too_deep']);
    expect(issues({ page: '0' })).toEqual(['page:bad_page']);
    expect(issues({ page_size: '201' })).toEqual(['page_size:bad_page_size']);
    expect(issues({ service_request_id: Array.from({ length: 101 }, (_, i) => `n${i}`).join(',') })).toEqual(['service_request_id:too_many_ids']);
    expect(issues({ status: '' })).toEqual([]);
  });

  it('names files after their checkpoint and accepts only such names', () => {
    expect(fileName('events', null, 42, 'jsonl')).toBe('daylight-events-42.jsonl.gz');
    expect(fileName('blds-permits', 'GN', 42, 'csv')).toBe('blds-permits-gn-42.csv.gz');
    expect(fileName('checkpoint', null, 42, 'txt')).toBe('daylight-checkpoint-42.txt');
    for (const good of ['daylight-events-42.jsonl.gz', 'blds-permits-gn-42.json.gz', 'daylight-checkpoint-42.txt']) expect(isFileName(good)).toBe(true);
    for (const bad of ['../manifest.json', 'manifest.json', 'x.csv', 'A.csv.gz', '']) expect(isFileName(bad)).toBe(false);
  });

  it('reads the administrator’s form: issues name their field, a procedure not in the form keeps its mapping', () => {
    const jurisdictions = [{ id: 'gn.example', code: 'GN' }];
    const procedures = [{ jurisdictionId: 'gn.example', jurisdictionCode: 'GN', code: 'sign' }, { jurisdictionId: 'gn.example', jurisdictionCode: 'GN', code: 'new' }];
    const ok = readOpenDataForm({ licence: 'cc0-1.0', blds_json_GN: 'yes', class_GN_sign: 'Non-Residential', type_GN_sign: 'Sign' }, jurisdictions, procedures);
    expect(ok.issues).toEqual([]);
    expect(formatsOf(ok.settings, 'gn.example')).toEqual(['json']);
    expect(formatsOf(ok.settings, 'other.example')).toEqual(['csv', 'json']);
    expect(kindOf(ok.settings, 'gn.example', 'sign', 'advertising')).toEqual({ permitClass: 'Non-Residential', permitType: 'Sign' });
    expect(kindOf(ok.settings, 'gn.example', 'new', 'housing')).toEqual(bldsPermitKind('housing'));
    // Open311 is served where the form ticks it; a jurisdiction the settings do not name serves it.
    expect(servesOpen311(ok.settings, 'gn.example')).toBe(false);
    expect(servesOpen311(readOpenDataForm({ licence: 'cc0-1.0', open311_GN: 'yes' }, jurisdictions, procedures).settings, 'gn.example')).toBe(true);
    expect(servesOpen311({ open311: new Map() }, 'elsewhere.example')).toBe(true);
    const bad = readOpenDataForm({ licence: 'gpl', class_GN_sign: 'Mixed', type_GN_sign: 'Sign' }, jurisdictions, procedures);
    expect(bad.issues.map((i) => i.field)).toEqual(['licence', 'class_GN_sign']);
  });
});
