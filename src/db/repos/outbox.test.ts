import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { claimDueMail, enqueueMail, markMailFailed, markMailSent } from './outbox.js';

describe.each(DIALECTS)('outbox secrets on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(async () => database?.close());

  it('drops a sign-in token from the row once the message is sent or given up', async () => {
    const db = database.db;
    // A minute ahead: rows become due at the database's now(), which may be a moment after this process's clock.
    const now = new Date(Date.now() + 60_000);
    for (const key of ['sent', 'failed']) {
      await enqueueMail(db, { idempotencyKey: `k-${key}`, kind: 'sign_in_link', recipient: `${key}@example.org`, locale: 'en', params: { token: `secret-${key}`, keep: 1 } });
    }
    const claimed = await claimDueMail(db, now, 10, 60_000);
    expect(claimed).toHaveLength(2);
    for (const mail of claimed) {
      if (mail.recipient.startsWith('sent')) await markMailSent(db, mail.id, '<m@x>', now);
      else await markMailFailed(db, mail.id, 'smtp down', now, null);
    }
    const rows = await db.selectFrom('outbox').select(['recipient', 'params']).orderBy('recipient').execute();
    expect(rows.map((r) => r.params)).toEqual([{ keep: 1 }, { keep: 1 }]);
  });
});
