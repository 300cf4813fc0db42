import { loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseOptions, openDatabase } from '../db/pool.js';
import { anyJurisdiction } from '../db/repos/jurisdictions.js';
import { buildOpenData, openDataOptions } from '../jobs/buildOpenData.js';
import { checkLogSigner, loadLogSigner, type LogSigner } from '../jobs/logSigner.js';
import { generateKey } from '../log/note.js';
import { loadSignInSecret, signInKeys, type SignInKeys } from '../commands/officeAuth/keys.js';
import { partyKeys } from '../commands/fair/partyKeys.js';
import { totpCode, TOTP_PERIOD_S, TOTP_WINDOW } from '../domain/totp.js';
import type { SeedSummary } from '../demo/seed.js';
import type { PreparedDemo } from '../demo/prepared.js';
import type { Db } from '../db/types.js';

const USAGE = `Usage: daylight <command>

Commands:
  start            migrate, seed demo data on an empty database when SEED is set, and serve
  migrate          bring the database schema up to date
  seed [full|small] seed demo data into an empty database
  log-key [new]    print the transparency log's verifier key (generating the signing key on first use),
                   or with "new" a fresh private key for the same origin, to rotate the key
  demo-code        print the demo officials' current second-factor code (their TOTP secret is published)
  backup [FOLDER]  copy the database (pg_dump, or PGlite's dump with the server stopped) and a manifest into
                   FOLDER; the keys too, encrypted, when BACKUP_PASSPHRASE is set (docs/OPERATIONS.md)
  restore FOLDER   restore such a backup into an empty database and check the log and the keys against it
  open-data        build the open-data downloads (listed at /data) now, from the latest signed checkpoint
`;

/** Entry point for `npm start`, `npm run db:migrate` and the other commands. */
async function main(argv: string[]): Promise<number> {
  const [command = 'start', arg] = argv;
  // `npm run demo`: seed the full demo city on first start unless SEED says otherwise.
  if (argv.includes('--demo') && !process.env.SEED) process.env.SEED = 'full';
  // The demo shows the mail it would send at /dev/mail, since it has no SMTP server.
  if (argv.includes('--demo') && !process.env.MAIL_FOLDER_PAGE) process.env.MAIL_FOLDER_PAGE = 'on';
  // The demo's console is for people: warnings and errors in readable lines, not a JSON line per request.
  if (argv.includes('--demo') && !process.env.LOG_FORMAT) process.env.LOG_FORMAT = 'pretty';
  if (argv.includes('--demo') && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = 'warn';
  // A background job's child process (jobs/jobProcess.ts): everything it needs comes from the server over IPC.
  if (command === 'job') return (await import('../jobs/jobChild.js')).runJobChild(arg);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!['start', 'migrate', 'seed', 'log-key', 'demo-code', 'backup', 'restore', 'open-data'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'backup' || command === 'restore') {
    const output = { print: (line: string) => console.log(line), warn: (line: string) => console.error(line) };
    if (command === 'backup') return (await import('./backup.js')).backup(config, arg, output);
    return (await import('./restore.js')).restore(config, arg, output);
  }
  if (command === 'demo-code') {
    const { DEMO_TOTP_SECRET } = await import('../demo/secrets.js');
    const left = TOTP_PERIOD_S - (Math.floor(Date.now() / 1000) % TOTP_PERIOD_S);
    console.log(totpCode(DEMO_TOTP_SECRET, new Date()));
    // Sign-in accepts a code one period late (TOTP_WINDOW), so the code stays good through the next period too.
    console.error(`The demo officials' code, good for the next ${left + TOTP_WINDOW * TOTP_PERIOD_S} s (each code signs one official in once).`);
    return 0;
  }
  // `npm run demo` on a new data folder takes over the demo `npm install` prepared, when it is what seeding now would
  // give (demo/prepared.ts): its database and sign-in secret move in, and the first start skips the seeding.
  let prepared: PreparedDemo | null = null;
  if (command === 'start' && argv.includes('--demo') && !config.DATABASE_URL && config.SEED !== 'none') {
    const claim = (await import('../demo/prepared.js')).claimPrepared(config, config.SEED);
    prepared = claim.taken;
    if (!claim.taken && claim.notable) console.log(`Seeding the demo now: ${claim.reason}.`);
  }
  let keys: SignInKeys | undefined;
  if (command === 'start' || command === 'seed') {
    try {
      keys = signInKeys(loadSignInSecret(config));
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
  }
  let log: LogSigner | undefined;
  if (command === 'start' || command === 'log-key') {
    try {
      log = loadLogSigner(config);
    } catch (error) {
      console.error((error as Error).message);
      return 2;
    }
    if (command === 'log-key' && arg === 'new') {
      // For a deliberate rotation (docs/adr/0002): a fresh key for the same origin, printed once, stored nowhere.
      console.log(generateKey(log.origin).privateKey);
      console.error(`A new signing key for ${log.origin}. Keep it secret; to rotate, set it as LOG_SIGNING_KEY on every instance.`);
      return 0;
    }
    if (command === 'log-key') {
      console.log(log.verifierKey);
      return 0;
    }
  }
  // The server's modules (and the demo generator's, when it may be needed) load while the database opens and, on a
  // first start, while the demo city is seeded: on two cores the loading overlaps PGlite's start.
  const serving = command === 'start' ? serverModules() : undefined;
  const seeding = !prepared && (command === 'seed' || (command === 'start' && config.SEED !== 'none')) ? import('../demo/seed.js') : undefined;
  // Were we to stop before awaiting them (an error opening the database), their failure must not be an unhandled one.
  serving?.catch(() => undefined);
  seeding?.catch(() => undefined);
  const database = await openDatabase(databaseOptions(config));
  const applied = await migrateToLatest(database.db);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  if (command === 'migrate') {
    await database.close();
    return 0;
  }
  if (command === 'open-data') {
    const started = Date.now();
    const manifest = await buildOpenData(database.db, openDataOptions(config));
    await database.close();
    if (!manifest) {
      console.error('The transparency log has no signed checkpoint yet: start Daylight once first.');
      return 1;
    }
    console.log(`Open data built in ${Date.now() - started} ms into ${config.openDataDir}/${manifest.folder}, consistent with checkpoint ${manifest.checkpoint.size}:`);
    for (const f of manifest.files) console.log(`  ${f.name}  ${f.rows} rows  ${f.bytes} bytes  sha256 ${f.sha256}`);
    return 0;
  }
  const empty = !(await anyJurisdiction(database.db));
  let procurementLater: 'full' | 'small' | undefined;
  const size = command === 'seed' ? (arg === 'small' ? 'small' : 'full') : config.SEED;
  if (prepared) {
    const minutes = Math.round((Date.now() - Date.parse(prepared.seededAt)) / 60_000);
    console.log(`Demo data seeded at install, ${minutes} min ago, in ${prepared.seedingMs} ms: ${seededCounts(prepared.summary)}`);
    procurementLater = prepared.size;
    printLogins(prepared.summary);
  } else if (size !== 'none' && empty) {
    const started = Date.now();
    const { seedDemo } = await (seeding ?? import('../demo/seed.js'));
    const summary = await seedDemo(database.db, { size, sealTotpSecret: (id, secret) => keys!.seal(`official:${id}`, secret), partyKeys: partyKeys(loadSignInSecret(config)) });
    console.log(`Demo data seeded in ${Date.now() - started} ms: ${seededCounts(summary)}`);
    // `npm run demo` serves first and records the year of procurement while serving: each process goes through the
    // officers' own commands, which takes a while, and a newcomer should not wait for it. Elsewhere (the tests, `seed`)
    // the processes are there before the first request.
    if (argv.includes('--demo') && command === 'start') procurementLater = size;
    else await seedProcurement(database.db, size, async () => {});
    printLogins(summary);
  } else if (command === 'seed') {
    console.error('The database already holds data; seeding needs an empty database.');
  }
  if (command === 'seed') {
    await database.close();
    return 0;
  }

  const { buildServer, signBuiltTree, startLogIntegrator, startOverdueScanner, startSignalRefresher, startReportPurger, startOpenDataBuilder, startMailSender, startAlertDispatcher, createMailer, jobProcesses, jobsRunIn } = await serving!;
  const app = await buildServer({ db: database.db, config, signInKeys: keys, poolStats: database.poolStats });
  // On PostgreSQL the heavy jobs run each pass in a child process of their own (ADR 0025); the embedded database is
  // this process's alone, so there they run here.
  const jobs = jobsRunIn(database.kind, config.JOBS_PROCESS) === 'child'
    ? jobProcesses({
      database: { url: config.DATABASE_URL, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS },
      heapMb: config.JOBS_HEAP_MB,
      log: (level, line, job) => app.log[level]({ job }, line),
    })
    : null;
  await checkLogSigner(database.db, log!);
  // A prepared demo's log has its tree built but no checkpoint: this data folder's own key signs the first one.
  if (prepared) await signBuiltTree(database.db, log!);
  const integrator = startLogIntegrator(database.db, log!, {
    intervalMs: config.LOG_INTEGRATE_INTERVAL_MS,
    onError: (error) => app.log.error({ err: error }, 'transparency log integration failed'),
  });
  // Record stages and applications passing their due dates; one instance at a time (advisory lock).
  const scanner = startOverdueScanner(database.db, {
    intervalMs: config.OVERDUE_SCAN_INTERVAL_MS,
    onError: (error) => app.log.error({ err: error }, 'overdue scan failed'),
  });
  // Recompute and store the auditors' signals when anything they read changed; pages read the stored rows.
  const signalRefresher = startSignalRefresher(database.db, {
    intervalMs: config.SIGNALS_REFRESH_SECONDS * 1000,
    lateEntryMinutes: config.LATE_ENTRY_MINUTES,
    onError: (error) => app.log.error({ err: error }, 'refreshing signals failed'),
    pass: jobs ? () => jobs.run({ name: 'signals', options: { lateEntryMinutes: config.LATE_ENTRY_MINUTES } }).done : undefined,
  });
  // Delete closed reports' content after the retention time, keeping their figures.
  const reportPurger = startReportPurger(database.db, {
    retentionDays: config.REPORT_RETENTION_DAYS,
    onError: (error) => app.log.error({ err: error }, 'deleting expired reports failed'),
  });
  // Send the outbox: over SMTP, or into the mail folder listed at /dev/mail; one instance at a time (advisory lock).
  const mailer = startMailSender(database.db, createMailer(config), {
    publicUrl: config.publicUrl,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    retryBaseMs: config.MAIL_RETRY_BASE_MS,
    intervalMs: config.MAIL_SEND_INTERVAL_MS,
    onError: (error) => app.log.error({ err: error }, 'sending mail failed'),
  });
  // Match new events to follows and send due digests; one instance at a time (advisory lock).
  const alerts = startAlertDispatcher(database.db, {
    digest: { hour: config.DIGEST_HOUR, timeZone: config.DIGEST_TIME_ZONE },
    intervalMs: config.ALERT_INTERVAL_MS,
    onError: (error) => app.log.error({ err: error }, 'dispatching alerts failed'),
    onMail: () => mailer.kick(),
  });
  // Rebuild the open-data downloads at least daily, each consistent with one signed checkpoint.
  const openData = config.OPEN_DATA_REFRESH_HOURS > 0
    ? startOpenDataBuilder(database.db, {
      ...openDataOptions(config),
      hours: config.OPEN_DATA_REFRESH_HOURS,
      log: (error, message) => app.log.error({ err: error }, message),
      build: jobs ? () => jobs.run({ name: 'open-data', options: openDataOptions(config) }).done : undefined,
    })
    : null;
  // Integrate right after each write, so a new event is in a signed checkpoint well within a second.
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') integrator.kick();
  });
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      mailer.kick();
      alerts.kick();
    }
  });
  // While the demo records its procurement in the background, each of its acts waits for the visitors' requests in
  // flight (a second at most), so the first pages a newcomer opens are not queued behind it.
  let inFlight = 0;
  if (procurementLater) {
    app.addHook('onRequest', async () => {
      inFlight++;
    });
    app.addHook('onResponse', async () => {
      inFlight = Math.max(0, inFlight - 1);
    });
  }
  const giveWay = async () => {
    const until = Date.now() + 1000;
    do await new Promise((resolve) => setTimeout(resolve, inFlight > 0 ? 10 : 0));
    while (inFlight > 0 && Date.now() < until);
  };
  const shutdown = async (signal: string) => {
    console.log(`${signal}: closing`);
    openData?.stop();
    // A pass running in a child is ended, not awaited: the next start runs it again.
    await jobs?.stop();
    await scanner.stop();
    await signalRefresher.stop();
    await reportPurger.stop();
    await alerts.stop();
    await mailer.stop();
    await integrator.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  console.log(`\nDaylight is running at ${config.publicUrl}  (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  console.log(`Office sign-in: ${config.publicUrl}/office/login`);
  if (config.SECOND_FACTOR === 'optional') console.log('Second factor: optional (SECOND_FACTOR=optional). Never run an office in service like this.');
  if (argv.includes('--demo') && !prepared && !(size !== 'none' && empty)) {
    const { DEMO_TOTP_SECRET } = await import('../demo/secrets.js');
    console.log(`Demo officials: password "daylight-demo", second-factor key ${DEMO_TOTP_SECRET} (or run: npm run demo:code).`);
  }
  console.log(`Transparency log ${log!.origin}: checkpoint at ${config.publicUrl}/log/checkpoint, verifier key: ${log!.verifierKey}`);
  if (database.kind === 'pglite') console.log('Note: the embedded database does not fsync; use PostgreSQL (DATABASE_URL) in production.');
  if (procurementLater) {
    console.log('Recording the demo year of public procurement while serving; /contracts fills in as it goes.');
    seedProcurement(database.db, procurementLater, giveWay).catch((error: unknown) => app.log.error({ err: error }, 'seeding the demo procurement failed'));
  }
  return -1;
}

/** The modules `start` needs beyond the database: the HTTP server and the background jobs. */
async function serverModules() {
  const [server, integrateLog, detectOverdue, refreshSignals, purgeReports, openData, sendMail, dispatchAlerts, transport, jobProcess] = await Promise.all([
    import('../http/server.js'),
    import('../jobs/integrateLog.js'),
    import('../jobs/detectOverdue.js'),
    import('../jobs/refreshSignals.js'),
    import('../jobs/purgeReports.js'),
    import('../jobs/buildOpenData.js'),
    import('../jobs/sendMail.js'),
    import('../jobs/dispatchAlerts.js'),
    import('../mail/transport.js'),
    import('../jobs/jobProcess.js'),
  ]);
  return {
    buildServer: server.buildServer,
    signBuiltTree: integrateLog.signBuiltTree,
    startLogIntegrator: integrateLog.startLogIntegrator,
    startOverdueScanner: detectOverdue.startOverdueScanner,
    startSignalRefresher: refreshSignals.startSignalRefresher,
    startReportPurger: purgeReports.startReportPurger,
    startOpenDataBuilder: openData.startOpenDataBuilder,
    startMailSender: sendMail.startMailSender,
    startAlertDispatcher: dispatchAlerts.startAlertDispatcher,
    createMailer: transport.createMailer,
    jobProcesses: jobProcess.jobProcesses,
    jobsRunIn: jobProcess.jobsRunIn,
  };
}

/** Plays the demo city's year of contracting processes through the officers' commands, and says how long it took. */
async function seedProcurement(db: Db, size: 'full' | 'small', giveWay: () => Promise<void>): Promise<void> {
  const started = Date.now();
  const { seedDemoContracts } = await import('../demo/contracts.js');
  const { processes } = await seedDemoContracts(db, { size, giveWay });
  console.log(`Demo procurement seeded in ${Date.now() - started} ms: ${processes} contracting processes.`);
}

/** What the demo's seeding made, in one line. */
function seededCounts(summary: SeedSummary): string {
  return `${summary.jurisdictions} jurisdictions, ${summary.units} departments, ${summary.officials} officials, ` +
    `${summary.procedures} procedures, ${summary.applications} applications, ${summary.events} events.`;
}

function printLogins(summary: SeedSummary) {
  // A useful handful: the administrator, the auditor, a counter clerk, and the Dongbu-gu building and food
  // departments, where most of the demo's applications are worked.
  const wanted = ['admin', 'auditor', 'clerk', 'db.build.head', 'db.build.1', 'db.food.head', 'db.food.1', 'db.roads.1'];
  const shown = wanted.map((login) => summary.logins.find((l) => l.login === login)).filter((l) => l !== undefined);
  const width = Math.max(...shown.map((l) => l.login.length)) + 2;
  console.log(`Demo logins (password "${summary.password}" for all):`);
  for (const l of shown) console.log(`  ${l.login.padEnd(width)}${l.roles.join(', ').padEnd(12)} ${l.unit}`);
  console.log('  Every department has <jurisdiction>.<department>.head (its supervisor) and .1, .2, … (its officials),');
  console.log(`  e.g. sb.build.1 or hn.housing.head; ${summary.logins.length} officials in all. Applicants' access code: ${summary.accessCode}`);
  if (summary.totpSecret) {
    console.log('Every demo official also signs in with a second factor (as in production). Either:');
    console.log(`  - add this key to an authenticator app (TOTP, 6 digits, 30 s): ${summary.totpSecret}`);
    console.log('  - or run "npm run demo:code" in another terminal and type the code it prints.');
    console.log('  The key is published: never enrol a real official with it.');
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
