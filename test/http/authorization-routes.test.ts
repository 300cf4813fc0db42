import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { encodedVariants } from '../helpers/paths.js';
import { ROUTE_REQUESTS, encodeBody, routeKey } from '../helpers/routeRequests.js';
import { ROLES, openSurface, type Role, type Surface } from '../helpers/surface.js';

/**
 * Every route × every role. `ok` means the request is served (below 400, and not a redirect to a sign-in page);
 * `signin` means the person is sent to sign in (a 303 to the office, applicant or citizen sign-in page); a number is
 * the status of the refusal. Requests are the catalogue's (`routeRequests.ts`), so an allowed request really acts.
 * Browser roles send a valid CSRF token; API keys send none, as the API's clients are not browsers.
 */
type Outcome = 'ok' | 'signin' | number;
type Row = Record<Role, Outcome>;

const everyone = (outcome: Outcome): Row => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Row;
const officials = (outcome: Outcome) => ({ clerk: outcome, a1: outcome, road1: outcome, boss: outcome, auditor: outcome, admin: outcome });

/** Anyone at all. */
const PUBLIC = everyone('ok');
/** Office pages any official may see; everyone else (API keys too) is sent to the office sign-in. */
const OFFICE_PAGE: Row = { ...everyone('signin'), ...officials('ok') };
/** A case of the building unit: its unit, auditors and administrators; not another unit's official. */
const CASE_PAGE: Row = { ...OFFICE_PAGE, road1: 403 };
/** Administration pages. */
const ADMIN_PAGE: Row = { ...everyone('signin'), ...officials(403), admin: 'ok' };
/** Administration forms: only administrators; without an office session the post is unauthenticated. */
const ADMIN_FORM: Row = { ...everyone(401), ...officials(403), admin: 'ok' };
/** The audit view: auditors everywhere, supervisors for their unit. */
const AUDIT_PAGE: Row = { ...everyone('signin'), ...officials(403), boss: 'ok', auditor: 'ok' };
/** Ratings with their private comments: officials and supervisors of a unit, auditors; not clerks or administrators. */
const RATINGS_PAGE: Row = { ...everyone('signin'), ...officials('ok'), clerk: 403, admin: 403 };
/** Acts on the building unit's case: its officials and supervisor. */
const ACT_FORM: Row = { ...everyone(401), ...officials(403), a1: 'ok', boss: 'ok' };
/** Answering or redacting a question sent to the building unit: its officials and supervisor. */
const INQUIRY_FORM: Row = ACT_FORM;
/** Registering at the counter: clerks and supervisors. */
const COUNTER_FORM: Row = { ...everyone(401), ...officials(403), clerk: 'ok', boss: 'ok' };
/** The applicant's own pages: anyone else is sent to the access-code form. */
const APPLICANT_PAGE: Row = { ...everyone('signin'), applicant: 'ok' };
/** The applicant's own documents and forms: anyone else is refused. */
const APPLICANT_ONLY = (applicant: Outcome): Row => ({ ...everyone(403), applicant });
/** The Integrity Index's office pages: auditors and administrators. */
const INTEGRITY_PAGE: Row = { ...everyone('signin'), ...officials(403), auditor: 'ok', admin: 'ok' };
/** Its model and sampling forms: auditors and administrators. */
const INTEGRITY_FORM: Row = { ...everyone(401), ...officials(403), auditor: 'ok', admin: 'ok' };
/** Its deductions and publishing: auditors only. */
const INTEGRITY_AUDIT_FORM: Row = { ...everyone(401), ...officials(403), auditor: 'ok' };
/** The citizen's own page: anyone else is sent to the e-mail sign-in. */
const CITIZEN_PAGE: Row = { ...everyone('signin'), citizen: 'ok' };

/** The reporting channel's office pages: investigators and custodians, whom the surface does not have. */
const REPORT_PAGE: Row = { ...everyone('signin'), ...officials(403) };
/** Its office forms. */
const REPORT_FORM: Row = { ...everyone(401), ...officials(403) };

/** Every route the server registers, with who may use it. HEAD routes follow their GET. */
const EXPECTED: Record<string, Row> = {
  'GET /': PUBLIC,
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,

  // The reporting channel: the reporter's side needs no account; a receipt that opens nothing is a 400 for everyone.
  'GET /report': PUBLIC,
  'POST /report': PUBLIC,
  'GET /report/mailbox': PUBLIC,
  'POST /report/mailbox': everyone(400),
  'POST /report/mailbox/reply': everyone(400),
  'POST /report/mailbox/files/:file': everyone(400),
  'GET /report/statistics': PUBLIC,
  // The office side: investigators and custodians only (the surface has neither, so every official is refused).
  'GET /office/reports': REPORT_PAGE,
  'GET /office/reports/unlock': REPORT_PAGE,
  'POST /office/reports/unlock': REPORT_FORM,
  'GET /office/reports/custody': REPORT_PAGE,
  'POST /office/reports/custody/:request': REPORT_FORM,
  'GET /office/reports/access': { ...REPORT_PAGE, auditor: 'ok' },
  'GET /office/reports/:id': REPORT_PAGE,
  'POST /office/reports/:id/acknowledge': REPORT_FORM,
  'POST /office/reports/:id/messages': REPORT_FORM,
  'POST /office/reports/:id/triage': REPORT_FORM,
  'POST /office/reports/:id/conclude': REPORT_FORM,
  'POST /office/reports/:id/identity-requests': REPORT_FORM,
  'POST /office/reports/:id/assign': REPORT_FORM,
  'POST /office/reports/:id/referrals': REPORT_FORM,
  'GET /office/reports/:id/files/:file': REPORT_PAGE,
  'GET /static/*': PUBLIC,
  'GET /static/vendor/leaflet/*': PUBLIC,
  'GET /lang/:locale': PUBLIC,
  'GET /procedures': PUBLIC,
  'GET /procedures/:j/:code': PUBLIC,
  'GET /procedures/:j/:code/apply': PUBLIC,
  'POST /procedures/:j/:code/apply': PUBLIC,
  // A saved application: its link is the right (a random token), so nobody needs to sign in.
  'GET /apply/:token': PUBLIC,
  'POST /apply/:token': PUBLIC,
  'GET /apply/:token/check': PUBLIC,
  'GET /apply/:token/saved': PUBLIC,
  'POST /apply/:token/later': PUBLIC,
  'POST /apply/:token/submit': PUBLIC,
  'GET /applications/:number': PUBLIC,
  'GET /statistics': PUBLIC,
  'GET /statistics.csv': PUBLIC,
  'GET /register': PUBLIC,
  'GET /map': PUBLIC,
  'GET /applications/:number/feed.atom': PUBLIC,
  'GET /register/feed.atom': PUBLIC,
  'GET /units/:code/feed.atom': PUBLIC,
  'GET /procedures/:code/feed.atom': PUBLIC,
  // Asking on the record: the case's applicant or a signed-in citizen.
  'POST /applications/:number/inquiries': { ...everyone(401), applicant: 'ok', citizen: 'ok' },

  // Following and the signed links from e-mails: the link is the right, so nobody needs to sign in.
  'GET /follow': PUBLIC,
  'POST /follow': PUBLIC,
  'GET /follows/confirm/:token': PUBLIC,
  'POST /follows/confirm/:token': PUBLIC,
  'GET /follows/:token': PUBLIC,
  'POST /follows/:token': PUBLIC,
  'POST /follows/:token/stop': PUBLIC,
  'POST /follows/:token/resume': PUBLIC,
  'GET /mail/unsubscribe/:token': PUBLIC,
  'POST /mail/unsubscribe/:token': PUBLIC,
  'GET /rate/:token': PUBLIC,
  // The Integrity Index: published years for anyone; the survey's single-use link is the right to answer.
  'GET /integrity': PUBLIC,
  'GET /integrity/:j/:year': PUBLIC,
  'GET /integrity/:j/:year/methodology': PUBLIC,
  'GET /integrity/:j/:year/units.csv': PUBLIC,
  'GET /integrity/:j/:year/procedures.csv': PUBLIC,
  'GET /integrity/:j/:year/deductions.csv': PUBLIC,
  'GET /integrity/:j/units/:unit': PUBLIC,
  'GET /integrity/survey/:token': PUBLIC,
  'POST /integrity/survey/:token': PUBLIC,
  'GET /integrity/thanks': PUBLIC,
  // The applicant's own case was not chosen for the survey: allowed in, refused by the command.
  'POST /my/:number/integrity-survey': APPLICANT_ONLY(404),
  // Every official answers the internal survey once a year.
  'GET /office/integrity-survey': OFFICE_PAGE,
  'POST /office/integrity-survey': { ...everyone(401), ...officials('ok') },
  'GET /office/integrity': INTEGRITY_PAGE,
  'POST /office/integrity/sampling': INTEGRITY_FORM,
  'GET /office/integrity/:year': INTEGRITY_PAGE,
  'POST /office/integrity/:year/model': INTEGRITY_FORM,
  'POST /office/integrity/:year/assessments': INTEGRITY_AUDIT_FORM,
  // A finding the office does not have: allowed in, refused by the command.
  'POST /office/integrity/:year/findings': { ...INTEGRITY_AUDIT_FORM, auditor: 400 },
  // The current year cannot be published before it ends: allowed in, refused by the command.
  'POST /office/integrity/:year/publish': { ...INTEGRITY_AUDIT_FORM, auditor: 409 },
  'POST /rate/:token': PUBLIC,
  'GET /.well-known/security.txt': PUBLIC,
  // Working calendars: public to read, administrators to change.
  'GET /calendars': PUBLIC,
  'GET /calendars/:code': PUBLIC,
  'GET /calendars/:code/feed.ics': PUBLIC,
  'GET /api/v1/calendars/:code': PUBLIC,
  // Yearly declarations' rules: administrators only.
  'GET /admin/declarations/:code': ADMIN_PAGE,
  'POST /admin/declarations/:code': ADMIN_FORM,
  'GET /admin/calendars/:code': ADMIN_PAGE,
  'POST /admin/calendars/:code/days': ADMIN_FORM,
  // Removing a day that was never recorded: allowed in, refused by the command.
  'POST /admin/calendars/:code/days/remove': { ...ADMIN_FORM, admin: 400 },
  'POST /admin/calendars/:code/settings': ADMIN_FORM,
  'POST /admin/calendars/:code/import': ADMIN_FORM,
  // Confirming a preview of an older calendar version: allowed in, refused because the calendar changed since.
  'POST /admin/calendars/:code/import/confirm': { ...ADMIN_FORM, admin: 409 },

  // Applicants and citizens
  'GET /track': PUBLIC,
  'POST /track': PUBLIC,
  // Signing out lands anyone on the access-code form, which says they are signed out.
  'POST /track/signout': everyone('signin'),
  'GET /my/:number': APPLICANT_PAGE,
  // The receipt after filing shows its code only in the browser that filed; this one is sent to the applicant's page.
  'GET /my/:number/receipt': APPLICANT_PAGE,
  // Nothing was asked of the applicant, and the case is still open: allowed in, refused by the workflow.
  'POST /my/:number/supplement': APPLICANT_ONLY(409),
  'POST /my/:number/rating': APPLICANT_ONLY(409),
  'GET /my/:number/documents/:id': APPLICANT_ONLY('ok'),
  // Printed documents: the applicant's own; the surface's case has no decision yet, so its notice is not found.
  'GET /my/:number/receipt.pdf': APPLICANT_ONLY('ok'),
  'GET /my/:number/decision.pdf': APPLICANT_ONLY(404),
  // Verifying a printed document and the accessibility statement are for anyone.
  'GET /verify': PUBLIC,
  'GET /verify/:code': PUBLIC,
  'GET /accessibility': PUBLIC,
  'GET /signin': PUBLIC,
  'POST /signin': PUBLIC,
  'GET /signin/:token': PUBLIC,
  'POST /signin/:token': PUBLIC,
  'GET /me': CITIZEN_PAGE,
  'POST /me/link': { ...everyone(401), citizen: 'ok' },
  'POST /me/signout': PUBLIC,

  // The office
  'GET /office/login': PUBLIC,
  'POST /office/login': PUBLIC,
  // Signing out sends everyone to the sign-in page, whether they were signed in or not.
  'POST /office/logout': everyone('signin'),
  'GET /office': OFFICE_PAGE,
  'GET /office/applications/:number': CASE_PAGE,
  'POST /office/applications/:number/acts': ACT_FORM,
  'GET /office/applications/:number/documents/:id': CASE_PAGE,
  'GET /office/register': OFFICE_PAGE,
  'GET /office/register/:j/:code': OFFICE_PAGE,
  'POST /office/register/:j/:code': COUNTER_FORM,
  'POST /office/applications/:number/inquiries/:no/answer': INQUIRY_FORM,
  'POST /office/applications/:number/inquiries/:no/redact': INQUIRY_FORM,
  // Stating why one opens a file: whoever may read the case.
  // Fair handling: declarations by those who handle cases (not auditors or administrators); withdrawing only one's own.
  'GET /office/conflicts': { ...everyone('signin'), ...officials('ok'), auditor: 403, admin: 403 },
  'POST /office/conflicts': { ...everyone(401), ...officials('ok'), auditor: 403, admin: 403 },
  'POST /office/conflicts/:id/withdraw': { ...everyone(401), ...officials(404), a1: 'ok', auditor: 403, admin: 403 },
  // Stepping aside: the case unit's officials and supervisor; overriding and asking the rotation: its supervisor.
  'POST /office/applications/:number/recuse': ACT_FORM,
  'POST /office/applications/:number/override': { ...everyone(401), ...officials(403), boss: 'ok' },
  'POST /office/applications/:number/rotate': { ...everyone(401), ...officials(403), boss: 'ok' },
  // Signals: auditors only. The surface raises no signal, so an auditor's review is let in and refused as unknown.
  'GET /office/signals': { ...everyone('signin'), ...officials(403), auditor: 'ok' },
  'POST /office/signals/review': { ...everyone(401), ...officials(403), auditor: 404 },
  'GET /integrity/signals': PUBLIC,
  'GET /integrity/signals.json': PUBLIC,
  // The gift register: recorded by those who handle cases; its public part for anyone.
  'GET /office/gifts': { ...everyone('signin'), ...officials('ok'), auditor: 403, admin: 403 },
  'POST /office/gifts': { ...everyone(401), ...officials('ok'), auditor: 403, admin: 403 },
  'GET /integrity/gifts': PUBLIC,
  'GET /integrity/gifts.csv': PUBLIC,
  'GET /integrity/gifts.json': PUBLIC,
  'GET /office/declaration': { ...everyone('signin'), ...officials('ok'), auditor: 403, admin: 403 },
  'POST /office/declaration': { ...everyone(401), ...officials('ok'), auditor: 403, admin: 403 },
  'GET /office/declarations': { ...everyone('signin'), ...officials(403), auditor: 'ok' },
  'GET /office/declarations/:id': { ...everyone('signin'), ...officials(403), auditor: 'ok' },
  'GET /integrity/declarations': PUBLIC,
  'GET /integrity/declarations.csv': PUBLIC,
  'GET /integrity/declarations.json': PUBLIC,
  'POST /office/applications/:number/access': { ...everyone(401), ...officials('ok'), road1: 403 },
  // A counter receipt shows its code only to the session that registered it; any other official is sent to the case.
  'GET /office/register/receipts/:number': OFFICE_PAGE,
  // The second step of signing in needs a pending sign-in; without one, everybody is sent back to the first step.
  'GET /office/sign-in/code': everyone('signin'),
  'POST /office/sign-in/code': everyone('signin'),
  'GET /office/sign-in/enrol': everyone('signin'),
  'POST /office/sign-in/enrol': everyone('signin'),
  // One's own account security: any signed-in official. A wrong code or current password is a 400.
  'GET /office/account': OFFICE_PAGE,
  'GET /office/account/second-factor': OFFICE_PAGE,
  'POST /office/account/second-factor': { ...everyone(401), ...officials('ok') },
  'POST /office/account/recovery-codes': { ...everyone(401), ...officials(400) },
  'GET /office/account/password': OFFICE_PAGE,
  'POST /office/account/password': { ...everyone(401), ...officials(400) },
  'GET /office/account/sessions': OFFICE_PAGE,
  // Ending a session that is not one's own (or no longer exists) names nothing.
  'POST /office/account/sessions/end': { ...everyone(401), ...officials(404) },
  'POST /office/account/sessions/end-others': { ...everyone(401), ...officials('ok') },
  'GET /office/audit': AUDIT_PAGE,
  'GET /office/audit.csv': AUDIT_PAGE,
  'GET /office/ratings': RATINGS_PAGE,

  // Administration
  'GET /admin': ADMIN_PAGE,
  'POST /admin/jurisdictions': ADMIN_FORM,
  'POST /admin/closures': ADMIN_FORM,
  'POST /admin/units': ADMIN_FORM,
  'POST /admin/keys': ADMIN_FORM,
  'POST /admin/keys/:id/revoke': ADMIN_FORM,
  'GET /admin/officials/new': ADMIN_PAGE,
  'POST /admin/officials': ADMIN_FORM,
  'GET /admin/officials/:id': ADMIN_PAGE,
  'POST /admin/officials/:id': ADMIN_FORM,
  'GET /admin/procedures/new': ADMIN_PAGE,
  'GET /admin/procedures/:id': ADMIN_PAGE,
  'POST /admin/procedures': ADMIN_FORM,
  'GET /admin/officials/:id/sign-in': ADMIN_PAGE,
  'POST /admin/officials/:id/sessions/end': ADMIN_FORM,
  'POST /admin/officials/:id/second-factor/reset': ADMIN_FORM,

  // The JSON API and the log
  'GET /api/openapi.json': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/v1/procedures': PUBLIC,
  'GET /api/v1/statistics': PUBLIC,
  'GET /api/v1/applications': PUBLIC,
  'GET /api/v1/applications.geojson': PUBLIC,
  'GET /api/v1/applications/:number': PUBLIC,
  'GET /api/v1/applications/:number/inquiries': PUBLIC,
  'GET /api/v1/applications/:number/events/:seq/proof': PUBLIC,
  // Registering by API: counter staff and supervisors, or the key of the procedure's unit.
  'POST /api/v1/applications': { ...everyone(401), ...officials(403), clerk: 'ok', boss: 'ok', 'key-build': 'ok', 'key-road': 403 },
  // Recording an act by API: the case unit's officials and supervisor, or its key.
  'POST /api/v1/applications/:number/events': { ...ACT_FORM, 'key-build': 'ok', 'key-road': 403 },
  'GET /log/checkpoint': PUBLIC,
  'GET /log/key': PUBLIC,
  'GET /log/tile/*': PUBLIC,
  // Open data: the data page, its downloads and their manifest, for anyone.
  'GET /data': PUBLIC,
  'GET /data/files/:name': PUBLIC,
  'GET /api/v1/data': PUBLIC,
  'GET /admin/open-data': ADMIN_PAGE,
  'POST /admin/open-data': ADMIN_FORM,
  // Open311 GeoReport v2: public to read; creating a request needs the key of the procedure's unit.
  'GET /open311/discovery.:format': PUBLIC,
  'GET /open311/v2/services.:format': PUBLIC,
  'GET /open311/v2/services/:service_code.:format': PUBLIC,
  'GET /open311/v2/requests.:format': PUBLIC,
  'GET /open311/v2/requests/:id.:format': PUBLIC,
  'GET /open311/v2/tokens/:token.:format': PUBLIC,
  'POST /open311/v2/requests.:format': { ...everyone(403), 'key-build': 'ok' },
  // Public procurement: the register, the debarment list and the OCDS downloads for anyone; a process's office page
  // and acts for its department's officers; the debarment list kept by supervisors and administrators.
  'GET /contracts': PUBLIC,
  'GET /contracts/debarments': PUBLIC,
  'GET /contracts/data': PUBLIC,
  'GET /contracts/suppliers/:key': PUBLIC,
  // Red flags of contracting processes: auditors only; a review names a flag raised now (the request's is not: 404).
  'GET /office/contracts/flags': { ...everyone('signin'), ...officials(403), auditor: 'ok' },
  'POST /office/contracts/flags/review': { ...everyone(401), ...officials(403), auditor: 404 },
  'GET /contracts/releases.json': PUBLIC,
  'GET /contracts/:number/releases.json': PUBLIC,
  'GET /contracts/:number/record.json': PUBLIC,
  'GET /office/contracts': OFFICE_PAGE,
  'POST /office/contracts': ACT_FORM,
  'POST /office/contracts/debarments': { ...everyone(401), ...officials(403), boss: 'ok', admin: 'ok' },
  'GET /office/contracts/:number': { ...everyone('signin'), ...officials(403), a1: 'ok', boss: 'ok' },
  'POST /office/contracts/:number/acts': ACT_FORM,
  'POST /office/contracts/:number/next': ACT_FORM,
  'GET /tenders': PUBLIC,
  'GET /tenders/:number': PUBLIC,
  'GET /tenders/:number/documents/:sha256': PUBLIC,
  'POST /tenders/:number/bids': { ...everyone(401), citizen: 'ok' },
  'GET /bidder': CITIZEN_PAGE,
  'POST /bidder': { ...everyone(401), citizen: 'ok' },
};

/** Sign-in pages a refusal may send a person to. */
const SIGN_IN = /^\/(office\/login|track|signin)(\?|$)/;
/** Routes whose requests end the session they are made with; the role gets a new one afterwards. */
const ENDS_SESSION = /logout|signout/;

function outcomeOf(res: LightMyRequestResponse): Outcome {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 303 && SIGN_IN.test(location)) return 'signin';
  return res.statusCode < 400 ? 'ok' : res.statusCode;
}

describe.each(DIALECTS)('authorization of every route on %s', (dialect) => {
  let surface: Surface;
  beforeAll(async () => {
    surface = await openSurface(dialect);
  });
  afterAll(async () => {
    await surface?.close();
  });

  /** Registered routes as catalogue keys; HEAD is left to its GET. */
  const registered = () => [
    ...new Set(surface.app.routeTable.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => routeKey(m, r.url)))),
  ];

  it('classifies every registered route, and lists no route the server lacks', () => {
    const routes = registered();
    expect(routes.filter((k) => !(k in EXPECTED)), 'routes without an expected outcome per role: add them to EXPECTED').toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !routes.includes(k)), 'EXPECTED lists routes the server does not register').toEqual([]);
    expect(routes.filter((k) => !(k in ROUTE_REQUESTS)), 'routes without a request in routeRequests.ts').toEqual([]);
  });

  /** Sends the catalogue's request for `key` to `path` (a spelling of its path) as `role`. */
  async function send(key: string, method: string, path: string, role: Role) {
    const request = ROUTE_REQUESTS[key]!;
    const made = new Map<string, string>();
    const query = request.query ? `?${await surface.fill(new URLSearchParams(request.query).toString(), made)}` : '';
    const url = (await surface.fill(path, made)) + query;
    const body = request.body && method === 'POST' ? encodeBody(request.body) : undefined;
    const res = await surface.app.inject({
      method: method as 'GET',
      url,
      headers: { ...surface.headers(role), ...(body ? { 'content-type': body.contentType } : {}) },
      ...(body ? { payload: Buffer.from(await surface.fill(body.payload, made), 'latin1') } : {}),
    });
    if (ENDS_SESSION.test(key)) await surface.renewSession(role);
    return { url, res };
  }

  it.each(Object.keys(EXPECTED))('%s', async (key) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const request = ROUTE_REQUESTS[key]!;
    const problems: string[] = [];
    const describe = (role: Role, m: string, url: string, res: LightMyRequestResponse) =>
      `${role} ${m} ${url} → ${res.statusCode}${res.headers.location ? ` (to ${res.headers.location})` : ''}: ${res.body.replace(/\s+/g, ' ').slice(0, 160)}`;
    for (const role of ROLES) {
      const expected = EXPECTED[key]![role];
      const plain = await send(key, method, request.path, role);
      const got = outcomeOf(plain.res);
      if (got !== expected) problems.push(`expected ${expected}, got ${got}: ${describe(role, method, plain.url, plain.res)}`);
      if (expected === 'ok') continue;
      // A refused request must stay refused (not served, not failing) however its path is spelt, and a HEAD must not
      // reveal what a GET refuses.
      const spellings = [request.path, ...encodedVariants(pattern, request.path)];
      const tries = [
        ...spellings.slice(1).map((p) => [method, p] as const),
        ...(method === 'GET' ? spellings.map((p) => ['HEAD', p] as const) : []),
      ];
      for (const [m, p] of tries) {
        const variant = await send(key, m, p, role);
        const outcome = outcomeOf(variant.res);
        if (outcome === 'ok') problems.push(`refused as ${expected} when plain, but served when spelt ${p}: ${describe(role, m, variant.url, variant.res)}`);
        else if (typeof outcome === 'number' && outcome >= 500) problems.push(`refused as ${expected} when plain, but failed when spelt ${p}: ${describe(role, m, variant.url, variant.res)}`);
      }
    }
    expect(problems, `${key}:\n${problems.join('\n')}`).toEqual([]);
  });
});
