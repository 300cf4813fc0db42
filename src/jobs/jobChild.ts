import { openDatabase } from '../db/pool.js';
import { buildOpenData } from './buildOpenData.js';
import type { ChildMessage, JobDatabase, JobRequest } from './jobProcess.js';
import { refreshSignalsPass } from './refreshSignals.js';

/**
 * The child side of `jobProcesses` (`daylight job <name>`, not listed in the usage): waits for its request on the IPC
 * channel, opens a pool of its own, runs the one pass, sends the answer and exits. It exits too when the server goes
 * away (the channel closes), so a killed server leaves no job behind. Returns the exit code.
 */
export async function runJobChild(name: string | undefined): Promise<number> {
  if (!process.send) {
    console.error('`daylight job` is started by the server for its background jobs, not by hand.');
    return 2;
  }
  const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
  process.once('disconnect', () => process.exit(1));
  const { request, database: options } = await new Promise<{ request: JobRequest; database: JobDatabase }>((resolve) => process.once('message', resolve));
  if (request.name !== name) throw new Error(`job ${name} was sent the request of ${request.name}`);
  const database = await openDatabase({ ...options, poolSize: 2, applicationName: 'daylight-job' });
  try {
    await send({ started: true });
    const result = request.name === 'open-data' ? await buildOpenData(database.db, request.options) : await refreshSignalsPass(database.db, request.options);
    await send({ done: true, result });
    return 0;
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    await send({ failed: true, message: e.message, stack: e.stack });
    return 1;
  } finally {
    process.removeAllListeners('disconnect');
    await database.close();
  }
}
