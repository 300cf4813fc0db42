import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/runNode.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Dockerfile, compose.yaml and the systemd unit, carried out without a container engine
 * (scripts/deploy-rehearsal.mjs): a clean install from the lock file, the compile, the production prune, then the
 * built tree started the way the image and the unit start it, against PostgreSQL, checked healthy, backed up, stopped.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('the deployment files', () => {
  it('build, start against PostgreSQL, pass their health checks, back up and stop cleanly', async () => {
    const run = await runNode(['scripts/deploy-rehearsal.mjs', '--database-url', process.env.TEST_DATABASE_URL!], { cwd: ROOT, timeoutMs: 290_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toContain('Deployment rehearsal passed');
    expect(run.status).toBe(0);
    for (const line of ['container: CMD', 'container: daylight backup (pg_dump)', 'container: SIGTERM stops it cleanly', 'systemd: SIGTERM stops it cleanly']) {
      expect(output).toContain(line);
    }
  }, 300_000);
});
