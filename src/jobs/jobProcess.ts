import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DatabaseOptions } from '../db/pool.js';
import type { Manifest } from '../domain/openData.js';
import type { BuildOptions } from './buildOpenData.js';

/**
 * The heavy background jobs (the open-data build and the auditors' signals) in a process of their own (ADR 0025):
 * each pass forks a fresh Node process of the CLI (`daylight job`), with its own pool, its own heap limit and its own
 * event loop, and the process exits when the pass is done, so its memory goes back to the system and the web
 * process's heap can be capped. The child's output and its failure come back here to the server's log; a child that
 * crashes or is killed fails its pass only, and the scheduler runs the next pass as usual.
 */

/**
 * Where the heavy jobs run for a database and `JOBS_PROCESS`: in a child on PostgreSQL unless told `inline`; always
 * inline on the embedded database, which this process alone holds open.
 */
export function jobsRunIn(kind: 'pglite' | 'postgres', setting: 'auto' | 'inline'): 'child' | 'inline' {
  return kind === 'postgres' && setting === 'auto' ? 'child' : 'inline';
}

/** One pass a child runs: its name, and what it needs beyond the database. */
export type JobRequest =
  | { name: 'open-data'; options: Omit<BuildOptions, 'now'> }
  | { name: 'signals'; options: { lateEntryMinutes: number } };

/** What a pass answers: the build's manifest (null without a checkpoint), or the years of signals stored. */
export type JobResult<R extends JobRequest> = R['name'] extends 'open-data' ? Manifest | null : number[];

/** The messages a child sends over its IPC channel. */
export type ChildMessage = { started: true } | { done: true; result: unknown } | { failed: true; message: string; stack?: string };

/** The PostgreSQL settings a child opens its own pool with: the server's, with a pool of two. */
export type JobDatabase = Pick<DatabaseOptions, 'url' | 'searchPath' | 'statementTimeoutMs' | 'idleInTransactionTimeoutMs' | 'connectTimeoutMs'>;

export interface JobProcessOptions {
  database: JobDatabase;
  /** The child's heap limit in MB (`--max-old-space-size`), whatever the server's own limit. */
  heapMb: number;
  /** Where the child's output lines go: stdout as `info`, stderr as `warn`. */
  log: (level: 'info' | 'warn', line: string, job: string) => void;
}

/** A pass running in a child. */
export interface RunningJob<T> {
  pid: number | undefined;
  /** Resolves once the child has opened its database and begun the pass. */
  started: Promise<void>;
  /** The pass's result; rejects when the child reports a failure, crashes or is killed. */
  done: Promise<T>;
}

export interface JobProcesses {
  /** Runs one pass in a fresh child. */
  run<R extends JobRequest>(request: R): RunningJob<JobResult<R>>;
  /** Kills every running child (SIGTERM, SIGKILL after `graceMs`) and waits until each has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** The CLI's entry point beside this module: `src/cli/main.ts` under tsx (tests, `npm run dev`), `dist/cli/main.js` compiled. */
function cliEntry(): { file: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  const typescript = self.endsWith('.ts');
  return { file: fileURLToPath(new URL(`../cli/main.${typescript ? 'ts' : 'js'}`, import.meta.url)), execArgv: typescript ? ['--import', 'tsx'] : [] };
}

/** The error a failed pass rejects with: the child's own message and stack when it reported one. */
export class JobFailed extends Error {
  constructor(message: string, childStack?: string) {
    super(message);
    this.name = 'JobFailed';
    if (childStack) this.stack = childStack;
  }
}

/** Starts children for passes on demand; `stop` ends them all (the server calls it on shutdown). */
export function jobProcesses(options: JobProcessOptions): JobProcesses {
  const running = new Set<ChildProcess>();
  let stopping = false;
  const entry = cliEntry();
  return {
    run<R extends JobRequest>(request: R): RunningJob<JobResult<R>> {
      if (stopping) {
        const stopped = Promise.reject(new JobFailed(`${request.name} job not started: the server is stopping`));
        stopped.catch(() => undefined);
        return { pid: undefined, started: stopped, done: stopped as Promise<JobResult<R>> };
      }
      // A heap limit the server runs with (on its command line or in NODE_OPTIONS) is replaced by the job's own:
      // flags on the command line win over NODE_OPTIONS.
      const execArgv = [
        ...entry.execArgv,
        ...process.execArgv.filter((a) => a === '--enable-source-maps'),
        `--max-old-space-size=${options.heapMb}`,
      ];
      const child = fork(entry.file, ['job', request.name], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
      running.add(child);
      for (const [stream, level] of [[child.stdout, 'info'], [child.stderr, 'warn']] as const) {
        if (stream) createInterface({ input: stream }).on('line', (line) => options.log(level, line, request.name));
      }
      let markStarted: () => void = () => undefined;
      let failStart: (error: Error) => void = () => undefined;
      const started = new Promise<void>((resolve, reject) => {
        markStarted = resolve;
        failStart = reject;
      });
      started.catch(() => undefined);
      const done = new Promise<JobResult<R>>((resolve, reject) => {
        let answer: ChildMessage | undefined;
        child.on('message', (message: ChildMessage) => {
          if ('started' in message) markStarted();
          else answer = message;
        });
        child.once('error', (error) => {
          running.delete(child);
          failStart(error);
          reject(error);
        });
        // 'close', not 'exit': the child's last lines of output are read by then.
        child.once('close', (code, signal) => {
          running.delete(child);
          let error: Error | undefined;
          if (answer && 'done' in answer && code === 0) resolve(answer.result as JobResult<R>);
          else if (answer && 'failed' in answer) error = new JobFailed(`${request.name} job failed: ${answer.message}`, answer.stack);
          else if (signal) error = new JobFailed(`${request.name} job ended by ${signal}${stopping ? ' (the server is stopping)' : ''}`);
          else error = new JobFailed(`${request.name} job exited with code ${code}`);
          if (error) {
            failStart(error);
            reject(error);
          }
        });
      });
      child.send({ request, database: options.database });
      return { pid: child.pid, started, done };
    },

    async stop(graceMs = 5_000) {
      stopping = true;
      await Promise.all(
        [...running].map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(hard);
        }),
      );
    },
  };
}
