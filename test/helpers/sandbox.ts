import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testSchemaName, type DIALECTS } from './db.js';
import type { Role } from './surface.js';

/** A request for the sandboxed server. `url` and `payload` may hold the surface's `{{placeholders}}`. */
export interface SandboxRequest {
  method: string;
  url: string;
  /** Who sends it; `stranger` sends no cookies, no CSRF token and no key at all. */
  role: Role | 'stranger';
  headers?: Record<string, string>;
  /** The body as latin1 text, so that any byte can be sent. */
  payload?: string;
  /** Resolve `{{fresh:…}}` to the values the previous request made (and `{{fresh:created}}` to what it created). */
  reuse?: boolean;
}

export type SandboxAnswer =
  | { id: number; url: string; status: number; ms: number; location?: string; body: string; errors: string[] }
  | { id: number; skipped: string }
  | { id: number; failed: string };
/** Sent by the server just before it makes a request: the URL with its placeholders filled in. */
export interface SandboxFilled {
  id: number;
  filled: string;
}
export interface SandboxMessage {
  id: number;
  request: SandboxRequest;
}
export interface SandboxReady {
  ready: true;
  routes: { method: string | string[]; url: string }[];
  values: Record<string, string>;
}

/** What became of a request: the server's answer, or no answer within the hard limit (the server was then killed). */
export type SandboxResult = SandboxAnswer | { id: number; url: string; timedOut: number };

/** A server in a child process that can be killed when a request blocks it, and is then replaced by a fresh one. */
export interface Sandbox {
  ready: SandboxReady;
  /** Sends a request; resolves within `hardLimitMs` (plus a restart) whatever the server does. */
  send(request: SandboxRequest, hardLimitMs: number): Promise<SandboxResult>;
  /** Starts a spare server now, before requests that are likely to need it. */
  warmSpare(): void;
  /** How many times a blocked server had to be killed. */
  restarts: number;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./sandboxProcess.ts', import.meta.url));

interface Server {
  child: ChildProcess;
  ready: Promise<SandboxReady>;
  pending: Map<number, (answer: SandboxAnswer) => void>;
  filled: Map<number, string>;
}

/**
 * Starts the sandboxed server on a fresh surface of the given storage mode. Once one server has had to be killed (or
 * `warmSpare` asks for it), a spare is kept warm, so that a server that blocks again and again is replaced at once.
 */
export async function startSandbox(dialect: (typeof DIALECTS)[number]): Promise<Sandbox> {
  let nextId = 1;
  const schemas: string[] = [];
  const all: Server[] = [];

  const spawn = (): Server => {
    let stderr = '';
    // Named here, so that the schema of a server killed at any moment (even while it is being set up) is dropped.
    const schema = testSchemaName();
    if (dialect === 'postgres') schemas.push(schema);
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, SANDBOX_DIALECT: dialect, SANDBOX_SCHEMA: schema },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const server: Server = { child, pending: new Map(), filled: new Map(), ready: undefined as unknown as Promise<SandboxReady> };
    server.ready = new Promise<SandboxReady>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.on('message', (message: SandboxReady | SandboxAnswer | SandboxFilled) => {
        if ('ready' in message) return resolve(message);
        if ('filled' in message) return void server.filled.set(message.id, message.filled);
        server.pending.get(message.id)?.(message);
        server.pending.delete(message.id);
        server.filled.delete(message.id);
      });
      child.on('exit', (code, signal) => {
        reject(new Error(`the sandboxed server exited (${code ?? signal}) before it was ready:\n${stderr}`));
        for (const [id, done] of server.pending) done({ id, failed: `the sandboxed server exited (${code ?? signal}):\n${stderr}` });
        server.pending.clear();
      });
    });
    server.ready.catch(() => {});
    all.push(server);
    return server;
  };
  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
      server.child.once('exit', () => resolve());
      server.child.kill('SIGKILL');
    });

  let current = spawn();
  let spare: Server | undefined;
  const sandbox: Sandbox = {
    ready: await current.ready,
    restarts: 0,
    warmSpare() {
      spare ??= spawn();
    },
    async send(request, hardLimitMs) {
      const id = nextId++;
      const server = current;
      let timer: NodeJS.Timeout | undefined;
      const answered = new Promise<SandboxAnswer>((resolve) => {
        server.pending.set(id, resolve);
        server.child.send({ id, request } satisfies SandboxMessage);
      });
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), hardLimitMs)));
      const first = await Promise.race([answered, timedOut]);
      clearTimeout(timer);
      if (first !== 'timeout') return first;
      // The server is stuck, or busy for longer than anyone should wait: kill it and go on with a fresh one.
      const url = server.filled.get(id) ?? request.url;
      server.pending.delete(id);
      await stop(server);
      sandbox.restarts++;
      current = spare ?? spawn();
      spare = spawn();
      sandbox.ready = await current.ready;
      return { id, url, timedOut: hardLimitMs };
    },
    async close() {
      await Promise.all(all.map(stop));
      // The servers are killed, not closed: their PostgreSQL schemas are dropped here.
      if (schemas.length) {
        const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  };
  return sandbox;
}
