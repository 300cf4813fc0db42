/**
 * For every route of the server, one request it accepts from the right person, with `{{name}}` placeholders for the
 * surface's real values (see `surface.ts`). The fuzzer mutates these one part at a time, so its requests get past the
 * first check; the authorization matrix sends them as they are, so "allowed" means the act really happens.
 */

/** A body as a browser or an API client would send it. */
export type Body =
  | { kind: 'form'; fields: Record<string, string | string[]> }
  | { kind: 'multipart'; fields: Record<string, string>; files: { field: string; filename: string; content: string; type: string }[] }
  | { kind: 'json'; value: unknown };

export interface RouteRequest {
  /** The path, with placeholders where the route has parameters. */
  path: string;
  query?: Record<string, string>;
  body?: Body;
  /** Fields (of the query or the body; dotted inside JSON) that hold a date or a time. */
  dates?: string[];
  /** Fields that hold a number. */
  numbers?: string[];
}

const PDF_TEXT = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
const form = (fields: Record<string, string | string[]>): Body => ({ kind: 'form', fields });
const applyForm = (extra: Record<string, string> = {}): Body => ({
  kind: 'multipart',
  fields: {
    ...extra, title: 'Two-storey retail building', address: '12 Haneul-ro', parcel_id: '1168010100-1', lat: '37.5', lng: '127.01',
    applicant_name: 'Hong Gil-dong', applicant_email: 'hong@example.org', applicant_phone: '010-1234-5678', field_floor_area: '420', field_business_no: '123-45-67890',
  },
  files: [{ field: 'doc_plan', filename: 'plan.pdf', content: PDF_TEXT, type: 'application/pdf' }],
});
const procedureForm = (code: string): Body =>
  form({
    jurisdiction_id: 'test.example', code, category: 'building', unit_code: 'TS-BUILD', name_ko: '시험 허가', name_en: 'Test permit',
    purpose_ko: '시험', purpose_en: 'Testing', legal_basis_ko: '시험법', legal_basis_en: 'Test Act', fee_krw: '1000', statutory_days: '10',
    'stage.0.key': 'intake', 'stage.0.name_ko': '접수', 'stage.0.name_en': 'Intake', 'stage.0.days': '2', 'stage.0.period': 'working_days', 'stage.0.unit': '',
    'stage.1.key': 'decision', 'stage.1.name_ko': '결재', 'stage.1.name_en': 'Decision', 'stage.1.days': '1', 'stage.1.period': 'working_days', 'stage.1.unit': '',
    'document.0.key': 'plan', 'document.0.name_ko': '설계도서', 'document.0.name_en': 'Drawings', 'document.0.required': 'yes',
    'field.0.key': 'area', 'field.0.label_ko': '면적', 'field.0.label_en': 'Area', 'field.0.type': 'number', 'field.0.required': 'yes', 'field.0.public': 'yes',
  });
const officialForm = (extra: Record<string, string | string[]>): Body =>
  form({ ...extra, unit_id: '{{unitId}}', name_ko: '이서연', name_en: 'Lee Seo-yeon', title_ko: '주무관', title_en: 'Officer', roles: ['official'], active: 'yes' });
const register = { q: 'retail', jurisdiction: 'TS', procedure: 'building-permit', unit: 'TS-BUILD', status: 'in_review', from: '2026-01-01', to: '2026-12-31' };
const area = { lat: '37.5', lng: '127.01', radius: '800' };

export const ROUTE_REQUESTS: Record<string, RouteRequest> = {
  // Public portal
  'GET /': { path: '/' },
  'GET /healthz': { path: '/healthz' },
  'GET /static/*': { path: '/static/{{staticFile}}' },
  'GET /static/vendor/leaflet/*': { path: '/static/vendor/leaflet/{{leafletFile}}' },
  'GET /lang/:locale': { path: '/lang/{{locale}}', query: { back: '/register' } },
  'GET /procedures': { path: '/procedures' },
  'GET /procedures/:j/:code': { path: '/procedures/{{j}}/{{code}}' },
  'GET /procedures/:j/:code/apply': { path: '/procedures/{{j}}/{{code}}/apply' },
  'POST /procedures/:j/:code/apply': { path: '/procedures/{{j}}/{{code}}/apply', body: applyForm(), numbers: ['lat', 'lng', 'field_floor_area'] },
  'GET /apply/:token': { path: '/apply/{{draftToken}}' },
  'POST /apply/:token': { path: '/apply/{{draftToken}}', body: applyForm({ op: 'save' }), numbers: ['lat', 'lng', 'field_floor_area'] },
  'GET /apply/:token/check': { path: '/apply/{{draftToken}}/check' },
  'GET /apply/:token/saved': { path: '/apply/{{draftToken}}/saved' },
  'POST /apply/:token/later': { path: '/apply/{{draftToken}}/later', body: form({}) },
  'POST /apply/:token/submit': { path: '/apply/{{draftToken}}/submit', body: form({}) },
  'GET /applications/:number': { path: '/applications/{{number}}', query: { asked: '1', report: '1' }, numbers: ['asked'] },
  'GET /statistics': { path: '/statistics', query: { period: '365', trend: 'TS-BUILD' }, numbers: ['period'] },
  'GET /statistics.csv': { path: '/statistics.csv', query: { period: '90' }, numbers: ['period'] },
  'GET /register': { path: '/register', query: register, dates: ['from', 'to'] },
  'GET /map': { path: '/map', query: { ...area, procedure: 'building-permit', status: 'in_review', from: '2026-01-01', to: '2026-12-31', order: 'distance' }, dates: ['from', 'to'], numbers: ['lat', 'lng', 'radius'] },
  'GET /applications/:number/feed.atom': { path: '/applications/{{number}}/feed.atom' },
  'GET /register/feed.atom': { path: '/register/feed.atom', query: register, dates: ['from', 'to'] },
  'GET /units/:code/feed.atom': { path: '/units/{{unitCode}}/feed.atom' },
  'GET /procedures/:code/feed.atom': { path: '/procedures/{{code}}/feed.atom' },
  'POST /applications/:number/inquiries': { path: '/applications/{{number}}/inquiries', body: form({ kind: 'question', text: 'Why is the intake review taking so long?', private: '' }) },

  // Following by e-mail, and links from e-mails
  'GET /follow': { path: '/follow', query: { kind: 'application', number: '{{number}}', frequency: 'daily' } },
  'POST /follow': { path: '/follow', body: form({ kind: 'area', ...area, place: 'Haneul-ro', procedure: 'building-permit', email: '{{fresh:email}}', frequency: 'instant' }), numbers: ['lat', 'lng', 'radius'] },
  'GET /follows/confirm/:token': { path: '/follows/confirm/{{followConfirmToken}}' },
  'POST /follows/confirm/:token': { path: '/follows/confirm/{{followConfirmToken}}', body: form({}) },
  'GET /follows/:token': { path: '/follows/{{followToken}}', query: { done: 'saved' } },
  'POST /follows/:token': { path: '/follows/{{fresh:followToken}}', body: form({ frequency: 'daily' }) },
  'POST /follows/:token/stop': { path: '/follows/{{fresh:followToken}}/stop', body: form({}) },
  'POST /follows/:token/resume': { path: '/follows/{{stoppedFollowToken}}/resume', body: form({}) },
  'GET /mail/unsubscribe/:token': { path: '/mail/unsubscribe/{{unsubscribeToken}}' },
  'POST /mail/unsubscribe/:token': { path: '/mail/unsubscribe/{{unsubscribeToken}}', body: form({}) },
  'GET /rate/:token': { path: '/rate/{{rateToken}}', query: { saved: '1' } },
  // The Integrity Index: public pages of a published year, the survey behind its single-use link.
  'GET /integrity': { path: '/integrity' },
  'GET /integrity/:j/:year': { path: '/integrity/{{j}}/{{integrityYear}}' },
  'GET /integrity/:j/:year/methodology': { path: '/integrity/{{j}}/{{integrityYear}}/methodology' },
  'GET /integrity/:j/:year/units.csv': { path: '/integrity/{{j}}/{{integrityYear}}/units.csv' },
  'GET /integrity/:j/:year/procedures.csv': { path: '/integrity/{{j}}/{{integrityYear}}/procedures.csv' },
  'GET /integrity/:j/:year/deductions.csv': { path: '/integrity/{{j}}/{{integrityYear}}/deductions.csv' },
  'GET /integrity/:j/units/:unit': { path: '/integrity/{{j}}/units/{{unitCode}}' },
  'GET /integrity/survey/:token': { path: '/integrity/survey/{{surveyToken}}' },
  'POST /integrity/survey/:token': { path: '/integrity/survey/{{fresh:surveyToken}}', body: form({ item_offer: 'none', item_initiator: 'not_applicable', item_frequency: 'never', item_amount: 'none', item_extra_contacts: 'never', item_standards_disclosed: 'agree', item_procedure_followed: 'agree', item_fairness: 'agree', item_no_undue_demand: 'na', item_objection: 'neutral', item_overall: 'agree', comment: 'Clear and quick.' }) },
  'GET /integrity/thanks': { path: '/integrity/thanks' },
  'POST /my/:number/integrity-survey': { path: '/my/{{number}}/integrity-survey', body: form({}) },
  'GET /office/integrity-survey': { path: '/office/integrity-survey', query: { done: '1' } },
  'POST /office/integrity-survey': {
    path: '/office/integrity-survey',
    body: form({ item_unfair_instructions: 'never', item_personnel_favouritism: 'once', item_budget_misuse: 'na', item_reporting_safe: 'agree' }),
  },
  'GET /office/integrity': { path: '/office/integrity' },
  'POST /office/integrity/sampling': { path: '/office/integrity/sampling', body: form({ procedure: 'building-permit', percent: '50' }), numbers: ['percent'] },
  'GET /office/integrity/:year': { path: '/office/integrity/{{integrityOpenYear}}' },
  'POST /office/integrity/:year/model': { path: '/office/integrity/{{integrityOpenYear}}/model', body: form({ preset: 'acrc_2022' }) },
  'POST /office/integrity/:year/assessments': {
    path: '/office/integrity/{{integrityOpenYear}}/assessments', body: form({ unit: 'TS-BUILD', kind: 'deduction', points: '0.2', reference: 'Decision 2026-3' }), numbers: ['points'],
  },
  'POST /office/integrity/:year/findings': { path: '/office/integrity/{{integrityOpenYear}}/findings', body: form({ finding: 'RF-0000-0000', severity: 'serious' }) },
  'POST /office/integrity/:year/publish': { path: '/office/integrity/{{integrityOpenYear}}/publish', body: form({}) },
  'POST /rate/:token': { path: '/rate/{{rateToken}}', body: form({ satisfaction: '4', comment: 'Quick and clear.' }), numbers: ['satisfaction'] },

  // Applicants and citizens
  'GET /track': { path: '/track', query: { number: '{{number}}' } },
  'POST /track': { path: '/track', body: form({ number: '{{ownNumber}}', code: '{{accessCode}}' }) },
  'POST /track/signout': { path: '/track/signout', body: form({}) },
  'GET /my/:number': { path: '/my/{{number}}', query: { sent: '1', rated: '1' } },
  'POST /my/:number/supplement': {
    path: '/my/{{number}}/supplement',
    body: { kind: 'multipart', fields: { message: 'Here are the corrected drawings.' }, files: [{ field: 'files', filename: 'fix.pdf', content: PDF_TEXT, type: 'application/pdf' }] },
  },
  'POST /my/:number/rating': { path: '/my/{{number}}/rating', body: form({ satisfaction: '5', comment: 'Fine.' }), numbers: ['satisfaction'] },
  'GET /my/:number/documents/:id': { path: '/my/{{number}}/documents/{{documentId}}' },
  'GET /my/:number/receipt.pdf': { path: '/my/{{number}}/receipt.pdf' },
  'GET /my/:number/decision.pdf': { path: '/my/{{number}}/decision.pdf' },
  'GET /verify': { path: '/verify', query: { code: '{{number}} · 1 · 00000-00000' } },
  'GET /verify/:code': { path: '/verify/{{number}}.1.0000000000', query: { passage: 'Two-storey retail building' } },
  'GET /accessibility': { path: '/accessibility' },
  'GET /signin': { path: '/signin', query: { next: '/follow' } },
  'POST /signin': { path: '/signin', body: form({ email: '{{fresh:email}}' }) },
  'GET /signin/:token': { path: '/signin/{{signInToken}}' },
  'POST /signin/:token': { path: '/signin/{{fresh:signInToken}}', body: form({}) },
  'GET /me': { path: '/me', query: { linked: '{{number}}' } },
  'POST /me/link': { path: '/me/link', body: form({ number: '{{ownNumber}}', code: '{{accessCode}}' }) },
  'POST /me/signout': { path: '/me/signout', body: form({}) },

  // The office
  'GET /office/login': { path: '/office/login', query: { next: '/office' } },
  'POST /office/login': { path: '/office/login', body: form({ login: 'a2', password: 'correct horse battery', next: '/office' }) },
  'POST /office/logout': { path: '/office/logout', body: form({}) },
  'GET /office': { path: '/office' },
  'GET /office/applications/:number': { path: '/office/applications/{{number}}', query: { done: 'site_inspection', stage: 'intake', inquiry_error: 'error.required' } },
  'POST /office/applications/:number/acts': {
    path: '/office/applications/{{number}}/acts',
    body: form({ type: 'site_inspection', stage: 'intake', note: 'Checked the setbacks on site', occurred_at: '', internal_note: 'Owner was present' }),
    dates: ['occurred_at'],
  },
  'GET /office/applications/:number/documents/:id': { path: '/office/applications/{{number}}/documents/{{documentId}}' },
  'GET /office/register': { path: '/office/register' },
  'GET /office/register/:j/:code': { path: '/office/register/{{j}}/{{code}}' },
  'POST /office/register/:j/:code': {
    path: '/office/register/{{j}}/{{code}}',
    body: applyForm({ channel: 'counter', received_at: '2026-01-05T10:00' }),
    dates: ['received_at'],
    numbers: ['lat', 'lng', 'field_floor_area'],
  },
  'POST /office/applications/:number/inquiries/:no/answer': { path: '/office/applications/{{number}}/inquiries/{{fresh:inquiryNo}}/answer', body: form({ answer: 'The review ends on Friday.' }) },
  'POST /office/applications/:number/inquiries/:no/redact': {
    path: '/office/applications/{{number}}/inquiries/{{fresh:inquiryNo}}/redact',
    body: form({ field: 'question', text: 'A question about the intake review.', reason: 'It named a private person.' }),
  },
  'GET /office/audit': { path: '/office/audit', query: { unit: 'TS-BUILD', procedure: 'building-permit', official: '{{a2Id}}' }, numbers: ['official'] },
  'GET /office/audit.csv': { path: '/office/audit.csv', query: { list: 'delays', unit: 'TS-BUILD', official: '{{a2Id}}' }, numbers: ['official'] },
  'GET /office/ratings': { path: '/office/ratings', query: { period: '365' }, numbers: ['period'] },

  // Administration
  'GET /admin': { path: '/admin', query: { saved: '1' } },
  'POST /admin/jurisdictions': {
    path: '/admin/jurisdictions',
    body: form({ id: 'fuzz.example', code: 'FZ', name_ko: '퍼즈시', name_en: 'Fuzz City', time_zone: 'Asia/Seoul', show_official_names: 'yes', inquiry_response_days: '7' }),
    numbers: ['inquiry_response_days'],
  },
  'POST /admin/closures': { path: '/admin/closures', body: form({ jurisdiction_id: 'test.example', date: '2027-05-04', kind: 'closure', reason_ko: '정전', reason_en: 'Power cut' }), dates: ['date'] },
  'POST /admin/units': { path: '/admin/units', body: form({ jurisdiction_id: 'test.example', code: 'TS-{{fresh:code}}', name_ko: '공원과', name_en: 'Parks Division', phone: '02-123-4567', email: 'parks@example.org' }) },
  'POST /admin/keys': { path: '/admin/keys', body: form({ unit_id: '{{unitId}}', label: 'Archive system' }), numbers: ['unit_id'] },
  'POST /admin/keys/:id/revoke': { path: '/admin/keys/{{fresh:keyId}}/revoke', body: form({}) },
  'GET /admin/officials/new': { path: '/admin/officials/new' },
  'POST /admin/officials': { path: '/admin/officials', body: officialForm({ login: 'new.{{fresh:name}}', password: 'a long enough password' }), numbers: ['unit_id'] },
  'GET /admin/officials/:id': { path: '/admin/officials/{{officialId}}' },
  'POST /admin/officials/:id': { path: '/admin/officials/{{officialId}}', body: officialForm({ password: '' }), numbers: ['unit_id'] },
  'GET /admin/procedures/new': { path: '/admin/procedures/new' },
  'GET /admin/procedures/:id': { path: '/admin/procedures/{{procedureId}}' },
  'POST /admin/procedures': { path: '/admin/procedures', body: procedureForm('test-permit'), numbers: ['fee_krw', 'statutory_days', 'stage.0.days'] },

  // The JSON API and the log
  'GET /api/openapi.json': { path: '/api/openapi.json' },
  'GET /api/docs': { path: '/api/docs' },
  'GET /api/v1/procedures': { path: '/api/v1/procedures' },
  'GET /api/v1/statistics': { path: '/api/v1/statistics', query: { period: '90' }, numbers: ['period'] },
  'GET /api/v1/applications': { path: '/api/v1/applications', query: { ...register, limit: '20' }, dates: ['from', 'to'], numbers: ['limit'] },
  'GET /api/v1/applications.geojson': { path: '/api/v1/applications.geojson', query: { ...area, status: 'in_review', from: '2026-01-01', order: 'newest' }, dates: ['from', 'to'], numbers: ['lat', 'lng', 'radius'] },
  'GET /api/v1/applications/:number': { path: '/api/v1/applications/{{number}}' },
  'GET /api/v1/applications/:number/inquiries': { path: '/api/v1/applications/{{number}}/inquiries' },
  'GET /api/v1/applications/:number/events/:seq/proof': { path: '/api/v1/applications/{{number}}/events/{{seq}}/proof' },
  'POST /api/v1/applications': {
    path: '/api/v1/applications',
    body: {
      kind: 'json',
      value: {
        jurisdiction: 'TS', procedure: 'building-permit', title: 'API-filed shop', location: { address: '7 Byeol-ro', lat: 37.52, lng: 127.03 },
        applicant: { name: 'Kim API', email: 'kim@example.org' }, fields: { floor_area: '55' }, channel: 'counter', received_at: '2026-01-05T10:00:00+09:00',
        documents: [{ kind: 'plan', filename: 'plan.pdf', content_base64: Buffer.from(PDF_TEXT).toString('base64') }],
      },
    },
    dates: ['received_at'],
    numbers: ['location.lat', 'location.lng'],
  },
  'POST /api/v1/applications/:number/events': {
    path: '/api/v1/applications/{{number}}/events',
    body: { kind: 'json', value: { type: 'site_inspection', stage: 'intake', note: 'Recorded by the building system' } },
    dates: ['occurred_at'],
  },
  'GET /log/checkpoint': { path: '/log/checkpoint' },
  'GET /log/key': { path: '/log/key' },
  'GET /log/tile/*': { path: '/log/tile/{{tile}}' },
  // Open data
  'GET /contracts': { path: '/contracts', query: { unit: 'TS-BUILD', category: 'works', method: 'open', status: 'in_review', supplier: 'Hanbit' } },
  'GET /contracts/debarments': { path: '/contracts/debarments' },
  'GET /contracts/data': { path: '/contracts/data' },
  'GET /contracts/suppliers/:key': { path: '/contracts/suppliers/hanbitroofing' },
  'GET /office/contracts/flags': { path: '/office/contracts/flags', query: { unit: 'TS-BUILD', year: '2026', kind: 'single_bid', done: 'referred' }, numbers: ['year'] },
  'POST /office/contracts/flags/review': {
    path: '/office/contracts/flags/review',
    body: form({ key: 'red_flag:2026-TS-0000001:single_bid:5', decision: 'dismissed', reason: 'Specialised works, one maker', q_unit: 'TS-BUILD', q_year: '2026', q_kind: '' }),
    numbers: ['q_year'],
  },
  'GET /contracts/releases.json': { path: '/contracts/releases.json' },
  'GET /contracts/:number/releases.json': { path: '/contracts/{{contractNumber}}/releases.json' },
  'GET /contracts/:number/record.json': { path: '/contracts/{{contractNumber}}/record.json' },
  'GET /office/contracts': { path: '/office/contracts' },
  'POST /office/contracts': {
    path: '/office/contracts',
    body: form({ procedure: 'TS:contracts-build', title: 'Street lights', place: 'Haneul-ro', category: 'goods', method: 'limited', estimate_amount: '45,000,000', estimate_currency: 'KRW' }),
    numbers: ['estimate_amount'],
  },
  'POST /office/contracts/debarments': {
    path: '/office/contracts/debarments',
    body: form({ supplier: 'Rigged Bids Co.', reason: 'Collusion on the bridge tender', decision: 'Decision 2026-17', starts_on: '2026-01-01', ends_on: '2027-12-31' }),
    dates: ['starts_on', 'ends_on'],
  },
  'GET /office/contracts/:number': { path: '/office/contracts/{{contractNumber}}', query: { done: 'bid_received' } },
  'POST /office/contracts/:number/acts': {
    path: '/office/contracts/{{contractNumber}}/acts',
    body: form({ type: 'bid_received', bidder: 'Hanbit Roofing', value_amount: '99,000,000', value_currency: 'KRW', integrity_pact: '1' }),
    numbers: ['value_amount'],
  },
  'POST /office/contracts/:number/next': { path: '/office/contracts/{{contractNextNumber}}/next', body: form({}) },
  'GET /tenders': { path: '/tenders' },
  'GET /tenders/:number': { path: '/tenders/{{contractNumber}}', query: { bid: '1' } },
  'GET /tenders/:number/documents/:sha256': { path: '/tenders/{{contractNumber}}/documents/{{tenderDocumentSha}}' },
  'POST /tenders/:number/bids': { path: '/tenders/{{contractNumber}}/bids', body: form({ value_amount: '98,000,000', value_currency: 'KRW', integrity_pact: '1' }) },
  'GET /bidder': { path: '/bidder', query: { next: '/tenders', saved: '1' } },
  'POST /bidder': { path: '/bidder', body: form({ company_name: 'Surface Roofing Co.', registration_number: '123-45-67890', next: '/tenders' }) },
  'GET /data': { path: '/data' },
  'GET /data/files/:name': { path: '/data/files/{{dataFile}}' },
  'GET /api/v1/data': { path: '/api/v1/data' },
  'GET /admin/open-data': { path: '/admin/open-data', query: { saved: '1' } },
  'POST /admin/open-data': {
    path: '/admin/open-data',
    body: form({ licence: 'cc-by-4.0', blds_csv_TS: 'yes', blds_json_TS: 'yes', open311_TS: 'yes', 'class_TS_building-permit': 'Non-Residential', 'type_TS_building-permit': 'Building' }),
  },
  // Open311 GeoReport v2
  'GET /open311/discovery.:format': { path: '/open311/discovery.json' },
  'GET /open311/v2/services.:format': { path: '/open311/v2/services.xml', query: { jurisdiction_id: 'test.example' } },
  'GET /open311/v2/services/:service_code.:format': { path: '/open311/v2/services/{{code}}.json', query: { jurisdiction_id: 'test.example' } },
  'GET /open311/v2/requests.:format': {
    path: '/open311/v2/requests.json',
    query: { jurisdiction_id: 'test.example', service_code: 'building-permit', status: 'open', start_date: '2026-01-01T00:00:00+09:00', end_date: '2026-03-01T00:00:00+09:00', page: '1', page_size: '20' },
    dates: ['start_date', 'end_date'],
    numbers: ['page', 'page_size'],
  },
  'GET /open311/v2/requests/:id.:format': { path: '/open311/v2/requests/{{number}}.xml', query: { jurisdiction_id: 'test.example' } },
  'GET /open311/v2/tokens/:token.:format': { path: '/open311/v2/tokens/{{number}}.json', query: { jurisdiction_id: 'test.example' } },
  'POST /open311/v2/requests.:format': {
    path: '/open311/v2/requests.json',
    body: form({
      jurisdiction_id: 'test.example', service_code: 'building-permit', address_string: '12 Haneul-ro', lat: '37.5', long: '127.01', description: 'Two-storey retail building',
      first_name: 'Gil-dong', last_name: 'Hong', email: 'hong@example.org', phone: '010-1234-5678', 'attribute[floor_area]': '420', 'attribute[business_no]': '123-45-67890',
    }),
    numbers: ['lat', 'long', 'attribute[floor_area]'],
  },
  'GET /.well-known/security.txt': { path: '/.well-known/security.txt' },
  'GET /my/:number/receipt': { path: '/my/{{number}}/receipt' },
  // Fair handling.
  'GET /office/conflicts': { path: '/office/conflicts', query: { done: 'declared' } },
  'POST /office/conflicts': { path: '/office/conflicts', body: form({ kind: 'former_employer', party_name: 'Hanbit Construction Co., Ltd.', registration: '123-45-67890', address: '', parcel: '', note: 'Worked there until 2024' }) },
  'POST /office/conflicts/:id/withdraw': { path: '/office/conflicts/{{fresh:conflictId}}/withdraw', body: form({}) },
  'POST /office/applications/:number/recuse': { path: '/office/applications/{{fresh:case}}/recuse', body: form({ recuse_kind: 'relative', recuse_reason: 'The applicant is my cousin' }) },
  'POST /office/applications/:number/override': { path: '/office/applications/{{fresh:case}}/override', body: form({ override_official: '{{a2Id}}', override_reason: 'Specialist in heritage buildings' }), numbers: ['override_official'] },
  'POST /office/applications/:number/rotate': { path: '/office/applications/{{fresh:unassignedCase}}/rotate', body: form({}) },
  'GET /office/signals': { path: '/office/signals', query: { year: '2026', done: 'referred' }, numbers: ['year'] },
  'POST /office/signals/review': { path: '/office/signals/review', body: form({ year: '2026', key: 'gift_near_case:2026:1', decision: 'referred', reason: 'Gift from an applicant' }), numbers: ['year'] },
  'GET /integrity/signals': { path: '/integrity/signals', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/signals.json': { path: '/integrity/signals.json', query: { year: '2026' }, numbers: ['year'] },
  'GET /office/gifts': { path: '/office/gifts', query: { done: 'recorded' } },
  'POST /office/gifts': { path: '/office/gifts', body: form({ offered_on: '2026-03-02', kind: 'hospitality', value: '45,000', outcome: 'refused', giver: 'Hanbit Construction', description: 'Dinner invitation' }), dates: ['offered_on'], numbers: ['value'] },
  'GET /integrity/gifts': { path: '/integrity/gifts', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/gifts.csv': { path: '/integrity/gifts.csv', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/gifts.json': { path: '/integrity/gifts.json', query: { year: '2026' }, numbers: ['year'] },
  'GET /office/declaration': { path: '/office/declaration', query: { year: '2026', done: 'filed' }, numbers: ['year'] },
  'POST /office/declaration': {
    path: '/office/declaration',
    body: form({
      year: '2026', asset_0_category: 'deposits', asset_0_holder: 'spouse', asset_0_holder_name: 'Kim Ji-woo', asset_0_description: 'Savings account, Hanbit Bank', asset_0_value: '25,000,000',
      interest_0_company: 'Hanbit Construction', interest_0_registration: '123-45-67890', interest_0_holder: 'self', interest_0_stake: '2% shares', note: '',
    }),
    numbers: ['year', 'asset_0_value'],
  },
  'GET /office/declarations': { path: '/office/declarations', query: { year: '2026' }, numbers: ['year'] },
  'GET /office/declarations/:id': { path: '/office/declarations/{{officialId}}', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/declarations': { path: '/integrity/declarations', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/declarations.csv': { path: '/integrity/declarations.csv', query: { year: '2026' }, numbers: ['year'] },
  'GET /integrity/declarations.json': { path: '/integrity/declarations.json', query: { year: '2026' }, numbers: ['year'] },
  'POST /office/applications/:number/access': { path: '/office/applications/{{number}}/access', body: form({ reason: 'Complaint 2026-17 about this permit' }) },
  'GET /office/register/receipts/:number': { path: '/office/register/receipts/{{number}}' },
  'GET /office/sign-in/code': { path: '/office/sign-in/code', query: { next: '/office' } },
  'POST /office/sign-in/code': { path: '/office/sign-in/code', body: form({ code: '123456', next: '/office' }) },
  'GET /office/sign-in/enrol': { path: '/office/sign-in/enrol', query: { next: '/office' } },
  'POST /office/sign-in/enrol': { path: '/office/sign-in/enrol', body: form({ code: '123456', next: '/office' }) },
  'GET /office/account': { path: '/office/account', query: { done: 'password' } },
  'GET /office/account/second-factor': { path: '/office/account/second-factor' },
  'POST /office/account/second-factor': { path: '/office/account/second-factor', body: form({ code: '123456' }) },
  'POST /office/account/recovery-codes': { path: '/office/account/recovery-codes', body: form({ code: '000000' }) },
  'GET /office/account/password': { path: '/office/account/password' },
  'POST /office/account/password': { path: '/office/account/password', body: form({ current_password: 'not the password', new_password: 'a much longer new password 42', confirm_password: 'a much longer new password 42' }) },
  'GET /office/account/sessions': { path: '/office/account/sessions', query: { done: 'others', count: '2' }, numbers: ['count'] },
  'POST /office/account/sessions/end': { path: '/office/account/sessions/end', body: form({ session: 'no-such-session' }) },
  'POST /office/account/sessions/end-others': { path: '/office/account/sessions/end-others', body: form({}) },
  'GET /admin/officials/:id/sign-in': { path: '/admin/officials/{{officialId}}/sign-in', query: { done: 'ended', count: '1' }, numbers: ['count'] },
  'POST /admin/officials/:id/sessions/end': { path: '/admin/officials/{{officialId}}/sessions/end', body: form({}) },
  'POST /admin/officials/:id/second-factor/reset': { path: '/admin/officials/{{officialId}}/second-factor/reset', body: form({}) },
  'GET /calendars': { path: '/calendars' },
  'GET /calendars/:code': { path: '/calendars/{{j}}', query: { year: '2026' }, numbers: ['year'] },
  'GET /calendars/:code/feed.ics': { path: '/calendars/{{j}}/feed.ics' },
  'GET /api/v1/calendars/:code': { path: '/api/v1/calendars/{{j}}', query: { year: '2026' }, numbers: ['year'] },
  'GET /admin/declarations/:code': { path: '/admin/declarations/{{j}}', query: { saved: '1' } },
  'POST /admin/declarations/:code': {
    path: '/admin/declarations/{{j}}',
    body: form({
      required: 'yes', filing_grade: '7', public_grade: '5', due_month: '3', due_day: '31', category_real_estate: 'yes', threshold_real_estate: '0', category_deposits: 'yes',
      threshold_deposits: '10,000,000', category_debts: 'yes', threshold_debts: '10000000', bands: '10000000\n100000000\n1000000000',
    }),
    numbers: ['filing_grade', 'public_grade', 'due_month', 'due_day', 'threshold_deposits', 'threshold_debts'],
  },
  'GET /admin/calendars/:code': { path: '/admin/calendars/{{j}}', query: { year: '2026', saved: 'added' }, numbers: ['year'] },
  'POST /admin/calendars/:code/days': { path: '/admin/calendars/{{j}}/days', body: form({ date: '2026-12-29', kind: 'closure', name_ko: '청사 소독', name_en: 'Office disinfection', reason: 'Decision 2026-88 of the mayor', year: '2026' }), dates: ['date'], numbers: ['year'] },
  'POST /admin/calendars/:code/days/remove': { path: '/admin/calendars/{{j}}/days/remove', body: form({ remove_date: '2026-12-28', remove_reason: 'Recorded by mistake', year: '2026' }), dates: ['remove_date'], numbers: ['year'] },
  'POST /admin/calendars/:code/settings': { path: '/admin/calendars/{{j}}/settings', body: form({ weekend: 'sat_sun', country: 'KR', region: '', hours_start: '09:00', hours_end: '18:30', break_start: '12:00', break_end: '13:00', settings_reason: 'Confirmed with the ordinance' }) },
  'POST /admin/calendars/:code/import': { path: '/admin/calendars/{{j}}/import', body: { kind: 'multipart', fields: { year: '2026' }, files: [{ field: 'file', filename: 'days.ics', content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\nDTSTART;VALUE=DATE:20261230\r\nSUMMARY:Designated day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', type: 'text/calendar' }] } },
  'POST /admin/calendars/:code/import/confirm': { path: '/admin/calendars/{{j}}/import/confirm', body: form({ filename: 'days.ics', content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\nDTSTART;VALUE=DATE:20261230\r\nSUMMARY:Designated day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', kind: 'designated', version: '1', reason: 'Cabinet decision 2026-12' }), numbers: ['version'] },
  'GET /readyz': { path: '/readyz' },
  // The reporting channel.
  'GET /report': { path: '/report', query: { j: 'test.example' } },
  'POST /report': {
    path: '/report',
    body: {
      kind: 'multipart',
      fields: { jurisdiction: 'test.example', category: 'speed_money', disclosure: 'anonymous', what: 'The inspector asked for money to sign.', when: 'March', application_number: '{{number}}', unit: 'TS-BUILD', official: 'the inspector', nonce: '{{fresh:name}}' },
      files: [{ field: 'files', filename: 'evidence.pdf', content: PDF_TEXT, type: 'application/pdf' }],
    },
  },
  'GET /report/mailbox': { path: '/report/mailbox' },
  'POST /report/mailbox': { path: '/report/mailbox', body: form({ receipt: '1234 5678 9012 3456' }) },
  'POST /report/mailbox/reply': { path: '/report/mailbox/reply', body: { kind: 'multipart', fields: { receipt: '1234567890123456', text: 'Here is more.' }, files: [] } },
  'POST /report/mailbox/files/:file': { path: '/report/mailbox/files/1', body: form({ receipt: '1234567890123456' }) },
  'GET /report/statistics': { path: '/report/statistics' },
  'GET /office/reports': { path: '/office/reports' },
  'GET /office/reports/unlock': { path: '/office/reports/unlock', query: { next: '/office/reports' } },
  'POST /office/reports/unlock': { path: '/office/reports/unlock', body: form({ password: 'not the password', next: '/office/reports' }) },
  'GET /office/reports/custody': { path: '/office/reports/custody' },
  'POST /office/reports/custody/:request': { path: '/office/reports/custody/1', body: form({ decision: 'refused', motivation: 'The request does not say why the identity is needed.' }) },
  'GET /office/reports/access': { path: '/office/reports/access' },
  'GET /office/reports/:id': { path: '/office/reports/1', query: { done: 'sent' } },
  'POST /office/reports/:id/acknowledge': { path: '/office/reports/1/acknowledge', body: form({}) },
  'POST /office/reports/:id/messages': { path: '/office/reports/1/messages', body: { kind: 'multipart', fields: { kind: 'message', text: 'When did this happen?' }, files: [] } },
  'POST /office/reports/:id/triage': { path: '/office/reports/1/triage', body: form({ priority: 'high', labels: 'complete, risk', extend_months: '', reason: '' }) },
  'POST /office/reports/:id/conclude': { path: '/office/reports/1/conclude', body: form({ outcome: 'substantiated', feedback: 'The official was disciplined.' }) },
  'POST /office/reports/:id/assign': { path: '/office/reports/1/assign', body: form({ assignee: '' }) },
  'POST /office/reports/:id/referrals': {
    path: '/office/reports/1/referrals',
    body: form({ body: 'police', other_name: '', referred_on: '2026-03-05', referral_reason: 'The police investigate the payment as a crime.' }),
  },
  'POST /office/reports/:id/identity-requests': { path: '/office/reports/1/identity-requests', body: form({ motivation: 'The reporter is the only witness of the payment.' }) },
  'GET /office/reports/:id/files/:file': { path: '/office/reports/1/files/1' },
};

/** The catalogue key of a route as Fastify registered it. */
export const routeKey = (method: string, url: string) => `${method} ${url}`;

/** A body's wire form: its content type and bytes (as latin1 text, so any byte survives). */
export function encodeBody(body: Body): { contentType: string; payload: string } {
  switch (body.kind) {
    case 'form': {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(body.fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      return { contentType: 'application/x-www-form-urlencoded', payload: params.toString() };
    }
    case 'json':
      return { contentType: 'application/json', payload: Buffer.from(JSON.stringify(body.value)).toString('latin1') };
    case 'multipart':
      return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: multipart(body.fields, body.files) };
  }
}

export const BOUNDARY = '----daylight-fuzz-boundary';

/** A multipart/form-data body from text fields and files (latin1 text). */
export function multipart(fields: Record<string, string | string[]>, files: { field: string; filename: string; content: string; type: string }[], boundary = BOUNDARY): string {
  const utf8 = (s: string) => Buffer.from(s).toString('latin1');
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    for (const item of Array.isArray(v) ? v : [v]) out += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${utf8(item)}\r\n`;
  }
  for (const f of files) {
    out += `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${utf8(f.filename)}"\r\nContent-Type: ${f.type}\r\n\r\n${f.content}\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}
