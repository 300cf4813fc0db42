import fc from 'fast-check';
import { encodedVariants, pathShape, percent, splitQuery } from './paths.js';
import { BOUNDARY, ROUTE_REQUESTS, multipart, type Body, type RouteRequest } from './routeRequests.js';
import type { SandboxRequest } from './sandbox.js';
import type { Role } from './surface.js';

/**
 * Requests that try the edges of every route: malformed bodies, repeated and hostile parameters, far-away dates,
 * integer boundaries and odd spellings of paths. Each starts from the route's catalogue request and changes one thing,
 * so that it gets as deep into the route as the change allows. Everything random comes from one seed.
 */
export interface Probe {
  /** The catalogue key of the route, e.g. `POST /track`. */
  route: string;
  /** What was changed, in words. */
  what: string;
  request: SandboxRequest;
  /** Reads of what the request wrote (`reuse`: the same fresh case, or the application it created). */
  then?: SandboxRequest[];
}

type Sender = Role | 'stranger';

/** Route parameters that hold a database id or a sequence number. */
const ID_PARAMS = [':id', ':no', ':seq'];

export const DATES = ['0001-01-01', '1800-01-01T00:00', '9999-12-31', '2026-02-30', '2026-13-01', '+275760-09-13'];
export const INTEGERS = ['0', '-1', '2147483647', '2147483648', '9007199254740993', '1e309', 'abc', ''];
/** Hostile text as it is written in a URL or a urlencoded body (percent-encoded where it must be). */
const HOSTILE: [string, string][] = [
  ['an invalid UTF-8 byte', '%ff'],
  ['a NUL byte', '%00'],
  ['a right-to-left override', '%E2%80%AE'],
  ['10 kB of text', 'x'.repeat(10_240)],
];
const BIG = 'y'.repeat(120 * 1024);

/** A small seeded generator (mulberry32): the same seed gives the same requests. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    const out: T[] = [];
    while (copy.length && out.length < n) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  return { next, pick, some };
}

/** Who a route's requests come from: `deep` senders get every probe, `shallow` ones the structural probes. */
function sendersFor(method: string, pattern: string): { deep: Sender[]; shallow: Sender[] } {
  if (pattern.startsWith('/admin')) return { deep: ['admin'], shallow: ['anonymous', 'stranger'] };
  if (pattern === '/office/login' || pattern === '/office/logout') return { deep: ['anonymous'], shallow: ['boss', 'stranger'] };
  if (pattern.startsWith('/office')) return { deep: ['boss'], shallow: ['anonymous', 'stranger'] };
  if (pattern.startsWith('/api/') && method === 'POST') return { deep: ['key-build'], shallow: ['boss', 'anonymous', 'stranger'] };
  if (pattern.startsWith('/api/')) return { deep: ['anonymous'], shallow: ['key-build', 'boss'] };
  if (pattern.startsWith('/my/')) return { deep: ['applicant'], shallow: ['anonymous', 'stranger'] };
  if (pattern.startsWith('/me') || pattern === '/applications/:number/inquiries') return { deep: ['citizen'], shallow: ['anonymous', 'stranger'] };
  return { deep: ['anonymous'], shallow: ['boss'] };
}

type Pair = [name: string, encoded: string];
const enc = (v: string) => encodeURIComponent(v);
const queryText = (pairs: Pair[]) => (pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${v}`).join('&')}` : '');
/** A percent-encoded value as the raw bytes it stands for (latin1 text), for multipart and JSON bodies. */
const bytesOf = (encoded: string) => encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Field values of a body as an ordered list, whatever its kind (JSON: top-level and dotted nested members). */
function bodyFields(body: Body): [string, string][] {
  if (body.kind === 'json') return flatten(body.value as Record<string, unknown>);
  return Object.entries(body.fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
}
function flatten(value: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(value).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : [],
  );
}

/** The body with one field set to `raw` (already in the wire form of the body's kind); `null` drops nothing. */
function withField(body: Body, field: string, raw: { encoded: string; json?: string }): { contentType: string; payload: string } {
  switch (body.kind) {
    case 'form': {
      const pairs = bodyFields(body).filter(([k]) => k !== field).map(([k, v]) => `${enc(k)}=${enc(v)}`);
      return { contentType: 'application/x-www-form-urlencoded', payload: [...pairs, `${enc(field)}=${raw.encoded}`].join('&') };
    }
    case 'multipart': {
      const fields = Object.fromEntries(Object.entries(body.fields).filter(([k]) => k !== field));
      const text = multipart(fields, body.files).replace(new RegExp(`--${BOUNDARY}--\\r\\n$`), '');
      const part = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${bytesOf(raw.encoded)}\r\n--${BOUNDARY}--\r\n`;
      return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: text + part };
    }
    case 'json': {
      const copy = structuredClone(body.value) as Record<string, unknown>;
      const path = field.split('.');
      let target = copy;
      for (const p of path.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]!] = '@@RAW@@';
      const json = raw.json ?? JSON.stringify(Buffer.from(bytesOf(raw.encoded), 'latin1').toString('utf8'));
      return { contentType: 'application/json', payload: Buffer.from(JSON.stringify(copy).replace('"@@RAW@@"', json)).toString('latin1') };
    }
  }
}

/** The body with a field given twice. */
function withRepeat(body: Body, field: string, second: string): { contentType: string; payload: string } {
  const first = bodyFields(body).find(([k]) => k === field)?.[1] ?? 'a';
  switch (body.kind) {
    case 'form': {
      const pairs = bodyFields(body).map(([k, v]) => `${enc(k)}=${enc(v)}`);
      return { contentType: 'application/x-www-form-urlencoded', payload: [...pairs, `${enc(field)}=${enc(second)}`].join('&') };
    }
    case 'multipart':
      return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: multipart({ ...body.fields, [field]: [first, second] }, body.files) };
    case 'json': {
      // JSON with a duplicate member: parsers keep one of them; which one must not matter to the server's health.
      const text = JSON.stringify(body.value);
      return { contentType: 'application/json', payload: text.replace(/^\{/, `{${JSON.stringify(field.split('.').pop())}:${JSON.stringify(second)},`) };
    }
  }
}

function encodeBaseline(body: Body): { contentType: string; payload: string } {
  switch (body.kind) {
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', payload: bodyFields(body).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&') };
    case 'multipart':
      return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: multipart(body.fields, body.files) };
    case 'json':
      return { contentType: 'application/json', payload: Buffer.from(JSON.stringify(body.value)).toString('latin1') };
  }
}

/** Malformed bodies of every kind; `text` is a sample of random text from the seed. */
function malformedBodies(body: Body | undefined, rng: ReturnType<typeof seeded>, text: string): [string, { contentType?: string; payload?: string }][] {
  const sample = body ? encodeBaseline(body) : { contentType: 'application/x-www-form-urlencoded', payload: 'a=1' };
  const multi = body?.kind === 'multipart' ? sample.payload : multipart(Object.fromEntries(body ? bodyFields(body) : [['a', '1']]), []);
  const cut = Math.max(1, Math.floor(multi.length * (0.2 + 0.6 * rng.next())));
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  return [
    ['multipart without a boundary', { contentType: 'multipart/form-data', payload: multi }],
    ['multipart with the wrong boundary', { contentType: 'multipart/form-data; boundary=not-the-one', payload: multi }],
    ['multipart cut short', { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: multi.slice(0, cut) }],
    ['multipart with an empty body', { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: '' }],
    ['multipart with raw bytes and a hostile filename', {
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe\x00bad\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="doc_plan"; filename="../../etc/passwd\x00\xff.pdf"\r\nContent-Type: application/pdf\r\n\r\n\xff\xd8\xff\r\n--${BOUNDARY}--\r\n`,
    }],
    ['urlencoded garbage', { contentType: 'application/x-www-form-urlencoded', payload: `%%%&&==%zz&a=%E0%A4%A&${enc(text)}=%&&b=%ff%fe` }],
    ['an empty urlencoded body', { contentType: 'application/x-www-form-urlencoded', payload: '' }],
    ['JSON that is not JSON', { contentType: 'application/json', payload: '{"type": "site_inspection", ' }],
    ['JSON of the wrong shape', { contentType: 'application/json', payload: rng.pick(['[]', '"text"', 'null', '42', '{"type":{"$ne":1},"stage":["intake"]}']) }],
    ['deeply nested JSON', { contentType: 'application/json', payload: deep }],
    ['an unknown content type', { contentType: rng.pick(['text/plain', 'application/xml', 'image/png', 'application/x-www-form-urlencoded; charset=utf-16']), payload: sample.payload }],
    ['no content type', { payload: sample.payload }],
    [`a ${BIG.length / 1024} kB field`, body ? withField(body, rng.pick(bodyFields(body).map(([k]) => k)), { encoded: BIG }) : { contentType: 'application/x-www-form-urlencoded', payload: `a=${BIG}` }],
  ];
}

const ENCODED = 'a percent-encoded letter';

/** Spellings of the path that a router or a prefix check may read differently. */
function pathVariants(pattern: string, path: string): [string, string][] {
  const [pathname, query] = splitQuery(path);
  const { segments, fixed } = pathShape(pattern, pathname);
  const firstFixed = fixed.indexOf(true);
  const out: [string, string][] = encodedVariants(pattern, path).slice(0, 1).map((p) => [ENCODED, p]);
  const at = (i: number, make: (s: string) => string) => `/${segments.map((s, j) => (j === i ? make(s) : s)).join('/')}${query}`;
  if (firstFixed >= 0 && /[a-z]/i.test(segments[firstFixed]!)) {
    const s = segments[firstFixed]!;
    const letter = s.search(/[a-z]/i);
    out.push(['a double-encoded letter', at(firstFixed, () => s.slice(0, letter) + '%25' + percent(s[letter]!, false).slice(1) + s.slice(letter + 1))]);
    out.push(['an upper-case segment', at(firstFixed, () => s.toUpperCase())]);
    out.push(['a ;parameter', at(firstFixed, () => `${s};jsessionid=1`)]);
  }
  out.push(['a trailing slash', `${pathname}/${query}`]);
  out.push(['a doubled slash', segments.length > 1 ? at(0, (s) => `${s}/`) : `${pathname}//${query}`]);
  out.push(['a /./ segment', `/${segments.length > 1 ? `${segments[0]}/./${segments.slice(1).join('/')}` : `./${segments[0]}`}${query}`]);
  return out;
}

/** Every probe for one route. */
export function probesFor(key: string, seed: number): Probe[] {
  const [method, pattern] = key.split(' ') as [string, string];
  const r: RouteRequest = ROUTE_REQUESTS[key]!;
  const rng = seeded(seed ^ hash(key));
  const text = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), { seed: seed ^ hash(key), numRuns: 1 })[0]!;
  const { deep, shallow } = sendersFor(method, pattern);
  const out: Probe[] = [];
  const baseQuery: Pair[] = Object.entries(r.query ?? {}).map(([k, v]) => [k, enc(v)]);
  const baseBody = r.body && method === 'POST' ? encodeBaseline(r.body) : undefined;
  const add = (what: string, senders: Sender[], change: { path?: string; query?: Pair[]; contentType?: string; payload?: string; method?: string }) => {
    const contentType = change.contentType ?? (change.payload === undefined ? baseBody?.contentType : undefined);
    const payload = change.payload ?? baseBody?.payload;
    for (const role of senders) {
      out.push({
        route: key, what,
        request: {
          method: change.method ?? method, role, url: `${change.path ?? r.path}${queryText(change.query ?? baseQuery)}`,
          ...(contentType ? { headers: { 'content-type': contentType } } : {}),
          ...(payload !== undefined && (change.method ?? method) !== 'GET' && (change.method ?? method) !== 'HEAD' ? { payload } : {}),
        },
      });
    }
  };
  const with1 = (name: string, value: string): Pair[] => [...baseQuery.filter(([k]) => k !== name), [name, value]];

  // Structural probes go to every sender once and to one other sender (by turns) each after that.
  const other = () => [rng.pick(shallow)];
  add('the catalogue request', [...deep, ...shallow], {});
  if (method === 'GET') add('HEAD', deep, { method: 'HEAD' });
  const variants = pathVariants(pattern, r.path);
  for (const [what, path] of variants.slice(0, 1).filter(([w]) => w === ENCODED)) add(`the path with ${what}`, [...deep, ...shallow], { path });
  for (const [what, path] of rng.some(variants.filter(([w]) => w !== ENCODED), 3)) add(`the path with ${what}`, [...deep, ...other()], { path });

  // Parameters of the path: every integer boundary in an id, and a few of the boundaries and hostile texts in others.
  const { segments, fixed } = pathShape(pattern, r.path);
  const names = pattern.split('/').slice(1);
  segments.forEach((segment, i) => {
    if (fixed[i]) return;
    const integers = INTEGERS.map((v) => [`parameter ${v || '(empty)'}`, enc(v)] as [string, string]);
    const hostile: [string, string][] = [...HOSTILE.map(([w, v]) => [`parameter with ${w}`, v] as [string, string]), ['parameter ..', '..'], ['parameter %2F', 'a%2Fb'], ['random parameter', enc(text)]];
    const chosen = ID_PARAMS.includes(names[i] ?? '') ? [...integers, ...rng.some(hostile, 2)] : rng.some([...integers.filter(([, v]) => v), ...hostile], 3);
    for (const [what, value] of chosen) add(`${what} in place of ${segment}`, deep, { path: `/${segments.map((s, j) => (j === i ? value : s)).join('/')}` });
  });

  // The query: each parameter repeated, the language repeated, hostile values.
  for (const [name] of baseQuery) add(`repeated query parameter ${name}`, deep, { query: [...baseQuery, [name, enc(r.dates?.includes(name) ? '2026-06-01' : r.numbers?.includes(name) ? '365' : 'b')]] });
  add('repeated query parameters lang and q', [...deep, ...other()], { query: [...baseQuery, ['lang', 'en'], ['lang', 'ko'], ['q', 'a'], ['q', 'b']] });
  for (const [what, value] of HOSTILE) {
    const name = baseQuery.length ? rng.pick(baseQuery)[0] : 'q';
    add(`query parameter ${name} with ${what}`, deep, { query: with1(name, value) });
  }

  // The body: malformed in every way, fields repeated, hostile values.
  if (method === 'POST') {
    for (const [what, change] of malformedBodies(r.body, rng, text)) add(`a body: ${what}`, [...deep, ...other()], { contentType: change.contentType ?? '', payload: change.payload ?? '' });
    if (r.body) {
      const names = [...new Set(bodyFields(r.body).map(([k]) => k))];
      for (const name of rng.some(names, 6)) add(`repeated body field ${name}`, deep, withRepeat(r.body, name, r.dates?.includes(name) ? '2026-06-01' : r.numbers?.includes(name) ? '365' : 'b'));
      for (const [what, value] of HOSTILE) {
        if (!names.length) break;
        const name = rng.pick(names);
        add(`body field ${name} with ${what}`, deep, withField(r.body, name, { encoded: value, json: value === '%00' ? '"\\u0000"' : value === '%ff' ? '"\\ud800"' : undefined }));
      }
    }
  }

  // Dates in the query, and numbers wherever the route takes them. Dates in bodies are written, so they are tried
  // by `writtenDateProbes`, each on its own case and followed by reads.
  const inBody = (name: string) => method === 'POST' && Boolean(r.body) && !(name in (r.query ?? {}));
  for (const name of (r.dates ?? []).filter((n) => !inBody(n))) {
    for (const value of DATES) add(`date parameter ${name} = ${value}`, deep, { query: with1(name, enc(value)) });
  }
  for (const name of r.numbers ?? []) {
    for (const value of INTEGERS) {
      if (inBody(name)) add(`number field ${name} = ${value || '(empty)'}`, deep, withField(r.body!, name, { encoded: enc(value), json: r.body!.kind === 'json' && /^-?[0-9]/.test(value) ? value : undefined }));
      else add(`number parameter ${name} = ${value || '(empty)'}`, deep, { query: with1(name, enc(value)) });
    }
  }
  return out;
}

/** Far-away times as a datetime-local input sends them, and as an RFC 3339 field of the API carries them. */
const LOCAL_TIMES = ['0001-01-01T00:00', '1800-01-01T00:00', '9999-12-31T23:59', '2026-02-30T10:00', '2026-13-01T10:00', '+275760-09-13T00:00', '0001-01-01', '9999-12-31'];
const RFC3339 = ['0001-01-01T00:00:00Z', '1800-01-01T00:00:00+09:00', '9999-12-31T23:59:59+09:00', '2026-02-30T10:00:00+09:00', '2026-13-01T10:00:00Z', '+275760-09-13T00:00:00Z', '1800-01-01'];
const DUE_DATES = [...DATES.map((d) => d.slice(0, d.indexOf('T') < 0 ? undefined : d.indexOf('T'))), '1800-01-01T00:00:00+09:00', '2026-02-30T10:00:00+09:00'];
/**
 * Inputs known to keep today's server busy for many seconds to minutes (a deadline extended to the year 9999, a stage
 * completed "in" 1800). They go through the office form once each; the API reaches the same command, so it is sent
 * the other values only, and a run against a server that blocks stays bounded by a few killed sandboxes.
 */
const BLOCKING = new Set(['9999-12-31', '9999-12-31T23:59:59+09:00', '0001-01-01T00:00', '1800-01-01T00:00', '0001-01-01T00:00:00Z', '1800-01-01T00:00:00+09:00']);

const jsonHeaders = { 'content-type': 'application/json' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

/** Reads of a case (by placeholder) that every audience makes: the public page, the API, the office page and queue. */
function readsOf(number: string): SandboxRequest[] {
  return [
    { method: 'GET', url: `/applications/${number}`, role: 'anonymous', reuse: true },
    { method: 'GET', url: `/api/v1/applications/${number}`, role: 'anonymous', reuse: true },
    { method: 'GET', url: `/office/applications/${number}`, role: 'boss', reuse: true },
    { method: 'GET', url: '/office', role: 'boss', reuse: true },
    { method: 'GET', url: '/register', role: 'anonymous', reuse: true },
  ];
}

/**
 * Far-away dates in every field that is written: an act's `occurred_at` and `new_due` (office form and API), the
 * `received_at` of a counter or API registration, and a calendar closure. Each act is tried on a case of its own, and
 * every write is followed by the reads that would show what it stored.
 */
export function writtenDateProbes(): Probe[] {
  const out: Probe[] = [];
  const acts = '/office/applications/{{fresh:case}}/acts';
  const events = '/api/v1/applications/{{fresh:case}}/events';
  for (const value of DUE_DATES) {
    out.push({
      route: 'POST /office/applications/:number/acts', what: `deadline_extended with new_due = ${value}`,
      request: { method: 'POST', url: acts, role: 'boss', headers: formHeaders, payload: form({ type: 'deadline_extended', new_due: value, reason: 'Waiting for the fire report' }) },
      then: readsOf('{{fresh:case}}'),
    });
    if (!BLOCKING.has(value)) {
      out.push({
        route: 'POST /api/v1/applications/:number/events', what: `deadline_extended with new_due = ${value}`,
        request: { method: 'POST', url: events, role: 'boss', headers: jsonHeaders, payload: JSON.stringify({ type: 'deadline_extended', new_due: value, reason: 'Waiting for the fire report' }) },
        then: readsOf('{{fresh:case}}'),
      });
    }
  }
  for (const value of LOCAL_TIMES) {
    out.push({
      route: 'POST /office/applications/:number/acts', what: `stage_completed with occurred_at = ${value}`,
      request: { method: 'POST', url: acts, role: 'boss', headers: formHeaders, payload: form({ type: 'stage_completed', stage: 'intake', note: 'Done', occurred_at: value }) },
      then: readsOf('{{fresh:case}}'),
    });
    out.push({
      route: 'POST /office/register/:j/:code', what: `counter registration with received_at = ${value}`,
      request: { method: 'POST', url: '/office/register/TS/building-permit', role: 'boss', headers: formHeaders, payload: form({ channel: 'counter', received_at: value, title: 'Late-registered shop', address: '9 Byeol-ro', applicant_name: 'Park', field_floor_area: '30' }) },
      then: readsOf('{{fresh:created}}'),
    });
  }
  for (const value of RFC3339) {
    if (!BLOCKING.has(value)) {
      out.push({
        route: 'POST /api/v1/applications/:number/events', what: `stage_completed with occurred_at = ${value}`,
        request: { method: 'POST', url: events, role: 'key-build', headers: jsonHeaders, payload: JSON.stringify({ type: 'stage_completed', stage: 'intake', occurred_at: value }) },
        then: readsOf('{{fresh:case}}'),
      });
    }
    out.push({
      route: 'POST /api/v1/applications', what: `registration with received_at = ${value}`,
      request: {
        method: 'POST', url: '/api/v1/applications', role: 'key-build', headers: jsonHeaders,
        payload: JSON.stringify({ jurisdiction: 'TS', procedure: 'building-permit', title: 'Imported case', location: { address: '1 Import-ro' }, applicant: { name: 'Lee' }, fields: { floor_area: '12' }, channel: 'post', received_at: value }),
      },
      then: readsOf('{{fresh:created}}'),
    });
  }
  for (const value of DATES) {
    out.push({
      route: 'POST /admin/closures', what: `a closure on ${value}`,
      request: { method: 'POST', url: '/admin/closures', role: 'admin', headers: formHeaders, payload: form({ jurisdiction_id: 'test.example', date: value, kind: 'closure', reason_en: 'Closed' }) },
      then: readsOf('{{number}}'),
    });
  }
  return out;
}

/** A stable 32-bit hash of a string, so each route gets its own stream from the seed. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
