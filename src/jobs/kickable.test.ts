import { describe, expect, it } from 'vitest';
import { startKickable } from './kickable.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('startKickable', () => {
  it('never overlaps passes, and a kick during a pass makes exactly one more', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const job = startKickable(async () => {
      active++;
      most = Math.max(most, active);
      passes++;
      await tick();
      active--;
      return false;
    }, { intervalMs: 0, onError: () => {} });
    job.kick();
    job.kick();
    job.kick();
    await job.stop();
    expect(most).toBe(1);
    expect(passes).toBe(1); // stopped before the queued pass could start
    const again = startKickable(async () => {
      passes++;
      await tick();
      return false;
    }, { intervalMs: 0, onError: () => {} });
    passes = 0;
    again.kick();
    again.kick();
    await tick();
    await tick();
    await tick();
    await again.stop();
    expect(passes).toBe(2);
  });

  it('runs again at once while a pass says more work is waiting, and reports errors without dying', async () => {
    const results = [true, true, false];
    let passes = 0;
    const errors: unknown[] = [];
    const job = startKickable(async () => {
      passes++;
      if (passes === 4) throw new Error('boom');
      return results.shift() ?? false;
    }, { intervalMs: 0, onError: (e) => errors.push(e), backoffMs: 20 });
    job.kick();
    await tick();
    expect(passes).toBe(3);
    job.kick();
    await tick();
    expect(errors).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    job.kick();
    await tick();
    expect(passes).toBe(5);
    await job.stop();
  });

  it('pauses after a failure, longer after each one in a row, and resumes once a pass succeeds', async () => {
    let down = true;
    let passes = 0;
    const errors: unknown[] = [];
    const job = startKickable(async () => {
      passes++;
      if (down) throw new Error('ECONNREFUSED');
      return false;
    }, { intervalMs: 0, onError: (e) => errors.push(e), backoffMs: 200 });
    job.kick();
    await tick();
    // Kicks during the pause (a write request after each failure, say) do not make passes.
    for (let i = 0; i < 5; i++) job.kick();
    await tick();
    expect(passes).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    job.kick();
    await tick();
    expect(passes).toBe(2);
    // The second failure in a row pauses for twice as long.
    await new Promise((resolve) => setTimeout(resolve, 250));
    job.kick();
    await tick();
    expect(passes).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    down = false;
    job.kick();
    await tick();
    expect(passes).toBe(3);
    job.kick();
    await tick();
    expect(passes).toBe(4);
    expect(errors).toHaveLength(2);
    await job.stop();
  });
});
