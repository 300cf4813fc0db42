#!/usr/bin/env node
// Rehearses the deployment files where no container engine runs (the project's machines), so they cannot rot:
//
//   node scripts/deploy-rehearsal.mjs [--database-url postgres://…] [--keep]
//
// 1. Checks the files: the Dockerfile is multi-stage, ends as a non-root user with a health check; every variable
//    set in the Dockerfile, compose.yaml, deploy/daylight.service and .env.example is a setting src/config.ts knows,
//    and .env.example lists every one of them.
// 2. Builds as the Dockerfile says, in a scratch folder: the build context (git's files less .dockerignore), each
//    stage's COPY lines, the build stage's RUN lines (npm ci, the compile, the prune). The runtime stage's RUN lines
//    install system packages and make folders, which only an image can: they are listed, not run, and pg_dump is
//    looked for on this machine instead.
// 3. Starts the runtime stage's CMD with its ENV and compose.yaml's app environment against a fresh PostgreSQL
//    database (instead of compose's `db` service), waits for the HEALTHCHECK command to pass, reads /readyz, a page
//    and a static file, takes a backup through deploy/daylight, and stops it with STOPSIGNAL: it must exit 0.
// 4. Does the same with deploy/daylight.service: ExecStart in WorkingDirectory (the built tree) with .env.example
//    as its EnvironmentFile and the unit's Environment= lines, stopped with KillSignal.
// Exit code 0 when every step passed, 1 when one failed (its name is printed), 2 for bad usage.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pg = createRequire(path.join(root, 'package.json'))('pg');
const { values: options } = parseArgs({ options: { 'database-url': { type: 'string' }, keep: { type: 'boolean', default: false } } });
const adminUrl = options['database-url'] ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Usage: node scripts/deploy-rehearsal.mjs --database-url postgres://user@host:5432/db (a server where databases may be created)');
  process.exit(2);
}

class Failed extends Error {}
const step = (text) => console.log(`✓ ${text}`);
const note = (text) => console.log(`  ${text}`);
const check = (ok, what) => {
  if (!ok) throw new Failed(what);
};
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

// ---- the files ----------------------------------------------------------------------------------------------

/** Dockerfile instructions, continuation lines joined, comments dropped, grouped by stage. */
function parseDockerfile(text) {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages = [];
  for (const line of lines) {
    const [, op, rest = ''] = line.match(/^(\S+)\s*(.*)$/);
    const instruction = { op: op.toUpperCase(), args: rest };
    if (instruction.op === 'FROM') stages.push({ name: rest.match(/\sAS\s+(\S+)/i)?.[1] ?? String(stages.length), from: rest.split(/\s/)[0], steps: [] });
    else if (stages.length) stages.at(-1).steps.push(instruction);
  }
  return stages;
}

/** `KEY=value` pairs of an ENV line (values without spaces, as ours are). */
const envPairs = (args) => Object.fromEntries(args.split(/\s+/).map((pair) => pair.split(/=(.*)/s).slice(0, 2)));

/** The setting names src/config.ts validates. */
function configKeys() {
  return new Set([...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): z/gm)].map((m) => m[1]));
}

/** compose.yaml's services, each with its `environment:` map (the plain `KEY: value` form this file uses). */
function parseCompose(text) {
  const services = {};
  let section = '';
  let service;
  let inEnvironment = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) section = line.replace(/:.*$/, '');
    const serviceMatch = section === 'services' && line.match(/^ {2}([a-z0-9_-]+):\s*$/);
    if (serviceMatch) {
      service = services[serviceMatch[1]] = { environment: {}, lines: [] };
      inEnvironment = false;
      continue;
    }
    if (!service || section !== 'services') continue;
    service.lines.push(line);
    if (/^ {4}\S/.test(line)) inEnvironment = /^ {4}environment:\s*$/.test(line);
    const env = inEnvironment && line.match(/^ {6}([A-Z][A-Z0-9_]*):\s*(.*)$/);
    if (env) service.environment[env[1]] = env[2].replace(/^"(.*)"$/, '$1');
  }
  return services;
}

/** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?message} from `vars`. */
function interpolate(value, vars) {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name, kind, rest) => {
    if (vars[name]) return vars[name];
    if (kind === '?') throw new Failed(`compose.yaml needs ${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

/** A systemd unit's [Service] settings; Environment= may repeat. */
function parseUnit(text) {
  const service = { Environment: [] };
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const header = line.match(/^\[(.+)\]$/);
    if (header) section = header[1];
    const setting = section === 'Service' && line.match(/^([A-Za-z]+)=(.*)$/);
    if (!setting) continue;
    if (setting[1] === 'Environment') service.Environment.push(setting[2]);
    else service[setting[1]] = setting[2];
  }
  return service;
}

/** KEY=value lines of an environment file (comments and commented-out settings skipped). */
function envFile(text) {
  return Object.fromEntries(text.split(/\r?\n/).filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2)));
}

// ---- the build ------------------------------------------------------------------------------------------------

/** Whether a context path is excluded by a .dockerignore pattern (matched from the context's root, as Docker does). */
function ignoredBy(patterns) {
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/\/$/, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}(/|$)`));
  return (file) => regexes.some((r) => r.test(file));
}

function buildContext(scratch) {
  const patterns = read('.dockerignore').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const ignored = ignoredBy(patterns);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  const context = path.join(scratch, 'context');
  let copied = 0;
  for (const file of files) {
    if (ignored(file) || !fs.existsSync(path.join(root, file))) continue;
    fs.mkdirSync(path.dirname(path.join(context, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(context, file));
    copied++;
  }
  return { context, copied };
}

/** Carries out one stage: COPY and WORKDIR always, RUN when `runCommands`, ENV collected. Returns the stage's state. */
function runStage(stage, { scratch, context, built, runCommands }) {
  const rootfs = path.join(scratch, 'stages', stage.name);
  const state = { rootfs, workdir: '/', env: {}, skipped: [], user: 'root', cmd: undefined, healthcheck: undefined, stopsignal: 'SIGTERM' };
  const inside = (p) => path.join(rootfs, path.posix.isAbsolute(p) ? p : path.posix.join(state.workdir, p));
  for (const { op, args } of stage.steps) {
    if (op === 'WORKDIR') {
      state.workdir = path.posix.resolve(state.workdir, args);
      fs.mkdirSync(inside('.'), { recursive: true });
    } else if (op === 'ENV') Object.assign(state.env, envPairs(args));
    else if (op === 'COPY') {
      const words = args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice(7);
      const [dest, ...sources] = words.filter((w) => !w.startsWith('--')).reverse();
      const base = from ? built[from]?.rootfs : context;
      check(base, `COPY --from=${from}: no such stage before it`);
      for (const source of sources.reverse()) {
        const src = path.join(base, source);
        check(fs.existsSync(src), `COPY ${source}: not in the ${from ? `${from} stage` : 'build context'}`);
        const target = inside(dest);
        if (fs.statSync(src).isDirectory()) fs.cpSync(src, target, { recursive: true, verbatimSymlinks: true });
        else {
          const file = dest.endsWith('/') || sources.length > 1 ? path.join(target, path.basename(source)) : target;
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.copyFileSync(src, file);
        }
      }
    } else if (op === 'RUN') {
      if (!runCommands) {
        state.skipped.push(args);
        continue;
      }
      const started = Date.now();
      try {
        execFileSync('sh', ['-c', args], { cwd: inside('.'), env: { ...process.env, ...state.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        throw new Failed(`RUN ${args} (stage ${stage.name}) failed:\n${error.stderr?.toString().slice(-2000) ?? error.message}`);
      }
      note(`RUN ${args}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    } else if (op === 'USER') state.user = args;
    else if (op === 'CMD') state.cmd = JSON.parse(args);
    else if (op === 'HEALTHCHECK') {
      const [, flags, command] = args.match(/^(.*?)CMD\s+(\[.*\])$/) ?? [];
      check(command, 'HEALTHCHECK must be in the exec form: HEALTHCHECK [options] CMD ["…"]');
      const startPeriod = flags.match(/--start-period=(\d+)s/)?.[1];
      state.healthcheck = { command: JSON.parse(command), startPeriodS: Number(startPeriod ?? 30) };
    } else if (op === 'STOPSIGNAL') state.stopsignal = args;
  }
  return state;
}

// ---- running it -------------------------------------------------------------------------------------------------

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `node` in a command line means this Node; everything else runs as written. */
const program = (word) => (word === 'node' || word === '/usr/bin/node' ? process.execPath : word);

function start(command, cwd, env) {
  const output = [];
  const child = spawn(program(command[0]), command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c) => output.push(c.toString()));
  child.stderr.on('data', (c) => output.push(c.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output, exited };
}

async function waitFor(what, probe, timeoutMs, running) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running && running.child.exitCode !== null) throw new Failed(`${what}: the server exited (${running.child.exitCode}):\n${running.output.join('').slice(-3000)}`);
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Failed(`${what}: not within ${timeoutMs / 1000} s${running ? `:\n${running.output.join('').slice(-3000)}` : ''}`);
}

const exitOf = (command, cwd, env) =>
  new Promise((resolve) => {
    const child = spawn(program(command[0]), command.slice(1), { cwd, env, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });

async function stop(running, signal, graceS, what) {
  running.child.kill(signal);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceS * 1000);
  const { code, signal: killedBy } = await running.exited;
  clearTimeout(timer);
  check(code === 0, `${what}: stopped with ${signal}, it should exit 0 within ${graceS} s, not ${code ?? killedBy}:\n${running.output.join('').slice(-2000)}`);
}

async function get(url) {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.status;
}

async function withDatabase(name, use) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    return await use(Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// ---- the rehearsal ----------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const keys = configKeys();
  const stages = parseDockerfile(read('Dockerfile'));
  const compose = parseCompose(read('compose.yaml'));
  const unit = parseUnit(read('deploy/daylight.service'));
  const example = read('.env.example');
  const exampleKeys = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

  check(stages.length >= 2, 'the Dockerfile must be multi-stage (a build stage and a smaller runtime stage)');
  const runtime = stages.at(-1);
  const user = runtime.steps.filter((s) => s.op === 'USER').at(-1)?.args;
  check(user && !['root', '0', '0:0'].includes(user), 'the runtime stage must end as a non-root USER');
  check(runtime.steps.some((s) => s.op === 'HEALTHCHECK'), 'the runtime stage needs a HEALTHCHECK');
  check(compose.app && compose.db, 'compose.yaml needs the services app and db');
  check(compose.app.lines.some((l) => /^ {4}build: \.$/.test(l)), 'compose.yaml: app must be built from this folder');
  const dbImage = compose.db.lines.find((l) => /^ {4}image:/.test(l))?.match(/postgres:(\d+)/)?.[1];
  check(Number(dbImage) >= 15, 'compose.yaml: db must be PostgreSQL 15 or later');
  check(unit.User && unit.User !== 'root', 'deploy/daylight.service must run as a non-root User');
  const named = [
    ...runtime.steps.filter((s) => s.op === 'ENV').flatMap((s) => Object.keys(envPairs(s.args)).map((k) => [k, 'Dockerfile'])),
    ...Object.keys(compose.app.environment).map((k) => [k, 'compose.yaml']),
    ...unit.Environment.map((e) => [e.split('=')[0], 'deploy/daylight.service']),
    ...[...exampleKeys].map((k) => [k, '.env.example']),
  ];
  for (const [key, where] of named) check(key === 'NODE_ENV' || keys.has(key), `${where} sets ${key}, which src/config.ts does not know`);
  for (const key of keys) check(exampleKeys.has(key), `.env.example does not list ${key}`);
  step(`files: ${stages.length} stages, runtime as ${user}; ${named.length} settings named, all known to src/config.ts; .env.example lists all ${keys.size}`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-rehearsal-'));
  try {
    const { context, copied } = buildContext(scratch);
    step(`build context: ${copied} files (git's, less .dockerignore)`);
    check(!fs.existsSync(path.join(context, 'node_modules')) && !fs.existsSync(path.join(context, 'data')), '.dockerignore lets node_modules or data into the context');

    const built = {};
    for (const [i, stage] of stages.entries()) {
      const last = i === stages.length - 1;
      built[stage.name] = runStage(stage, { scratch, context, built, runCommands: !last });
      step(`stage ${stage.name}${last ? ' (runtime)' : ''} done`);
      for (const skipped of built[stage.name].skipped) note(`not run here (an image's system setup): RUN ${skipped}`);
    }
    const image = built[runtime.name];
    const app = path.join(image.rootfs, image.workdir);
    check(!fs.existsSync(path.join(app, 'src')) && fs.existsSync(path.join(app, 'dist', 'cli', 'main.js')), 'the runtime stage must hold dist/ and not the sources');
    check(!fs.existsSync(path.join(app, 'node_modules', 'typescript')) && !fs.existsSync(path.join(app, 'node_modules', 'vitest')), 'the runtime stage must hold production dependencies only');
    const lock = fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
    check(fs.readFileSync(path.join(built[stages[0].name].rootfs, 'app', 'package-lock.json'), 'utf8') === lock, 'npm ci changed package-lock.json');
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    step('image tree: dist/ with production dependencies only; pg_dump present on this machine');

    // The container: CMD with the image's ENV and compose's environment, against a fresh database.
    await withDatabase(`daylight_rehearsal_${process.pid}_c`, async (databaseUrl) => {
      const port = await freePort();
      const composeEnv = Object.fromEntries(Object.entries(compose.app.environment).map(([k, v]) => [k, interpolate(v, { POSTGRES_PASSWORD: 'rehearsal' })]));
      check(/@db:5432\/daylight$/.test(composeEnv.DATABASE_URL), 'compose.yaml: DATABASE_URL must name the db service');
      const env = {
        PATH: process.env.PATH,
        ...image.env,
        ...composeEnv,
        // What differs from a real container: the database service, the volume, and an address on this machine only.
        DATABASE_URL: databaseUrl,
        DATA_DIR: path.join(scratch, 'container-data'),
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      };
      const running = start(image.cmd, app, env);
      try {
        await waitFor('the HEALTHCHECK command', async () => (await exitOf(image.healthcheck.command, app, env)) === 0, image.healthcheck.startPeriodS * 1000, running);
        step(`container: CMD ${image.cmd.join(' ')} is healthy`);
        check((await get(`http://127.0.0.1:${port}/readyz`)) === 200, 'container: /readyz did not answer 200');
        check((await get(`http://127.0.0.1:${port}/`)) === 200, 'container: the home page did not answer 200');
        check((await get(`http://127.0.0.1:${port}/static/app.css`)) === 200, 'container: the stylesheet (public/) did not answer 200');
        step('container: ready, serves pages and static files from the built tree');
        const backupDir = path.join(scratch, 'backup');
        const code = await exitOf(['sh', path.join(app, 'deploy', 'daylight'), 'backup', backupDir], app, env);
        check(code === 0 && fs.existsSync(path.join(backupDir, 'manifest.json')), `container: daylight backup exited ${code}`);
        step('container: daylight backup (pg_dump) while it runs');
      } finally {
        if (running.child.exitCode === null) await stop(running, image.stopsignal, 30, 'container');
      }
      step(`container: ${image.stopsignal} stops it cleanly (exit 0)`);
    });

    // The plain server: the unit's ExecStart in its WorkingDirectory, with .env.example as its EnvironmentFile.
    await withDatabase(`daylight_rehearsal_${process.pid}_s`, async (databaseUrl) => {
      const port = await freePort();
      const unitEnv = Object.fromEntries(unit.Environment.map((e) => e.split(/=(.*)/s).slice(0, 2)));
      const env = {
        PATH: process.env.PATH,
        ...envFile(example),
        ...unitEnv,
        DATABASE_URL: databaseUrl,
        DATA_DIR: path.join(scratch, 'systemd-data'),
        HOST: '127.0.0.1',
        PORT: String(port),
      };
      const running = start(unit.ExecStart.split(/\s+/), app, env);
      try {
        await waitFor('the service to answer /healthz', async () => (await get(`http://127.0.0.1:${port}/healthz`)) === 200, 60_000, running);
        check((await get(`http://127.0.0.1:${port}/readyz`)) === 200, 'service: /readyz did not answer 200');
        step(`systemd: ExecStart=${unit.ExecStart} serves and is ready`);
      } finally {
        if (running.child.exitCode === null) await stop(running, unit.KillSignal ?? 'SIGTERM', Number(unit.TimeoutStopSec ?? 90), 'service');
      }
      step(`systemd: ${unit.KillSignal ?? 'SIGTERM'} stops it cleanly (exit 0)`);
    });
  } finally {
    if (options.keep) note(`scratch kept in ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`Deployment rehearsal passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Failed ? `✗ ${error.message}` : error);
    process.exit(1);
  },
);
