import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReportKeys } from './keys.js';
import { changePassword } from '../officeAuth/changePassword.js';
import { keyringGrant, officialKey } from '../../db/repos/reports.js';
import { unwrapWith } from '../../domain/reportCrypto.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { PASSWORD, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { addReportingStaff } from '../../../test/helpers/reporting.js';

describe.each(DIALECTS)('report keys on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let staff: Awaited<ReturnType<typeof addReportingStaff>>;
  const member = (id: number) => ({ id, jurisdictionId: fx.jurisdictionId, roles: ['investigator' as const] });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    staff = await addReportingStaff(database.db, fx);
  });
  afterAll(async () => database?.close());

  it('makes the ring on the first unlock and grants it to a colleague on the next', async () => {
    const first = await openReportKeys(database.db, member(staff.inv1), PASSWORD);
    expect(first.held).toEqual(['investigation']);
    const second = await openReportKeys(database.db, member(staff.inv2), PASSWORD);
    expect(second.awaiting).toEqual(['investigation']);
    await openReportKeys(database.db, member(staff.inv1), PASSWORD);
    expect((await openReportKeys(database.db, member(staff.inv2), PASSWORD)).held).toEqual(['investigation']);
  });

  it('refuses a wrong password and changes nothing', async () => {
    const before = await officialKey(database.db, staff.inv1);
    await expect(openReportKeys(database.db, member(staff.inv1), 'wrong password')).rejects.toMatchObject({ id: 'validation' });
    expect((await officialKey(database.db, staff.inv1))?.sealed_private_key).toEqual(before?.sealed_private_key);
  });

  it('keeps the same key pair across a password change, so the ring still opens', async () => {
    const before = await officialKey(database.db, staff.inv1);
    const next = 'a far longer passphrase for reports 7731';
    await changePassword(database.db, { officialId: staff.inv1, sessionId: 'none', current: PASSWORD, next, confirm: next });
    const opened = await openReportKeys(database.db, member(staff.inv1), next);
    expect(opened.held).toEqual(['investigation']);
    expect((await officialKey(database.db, staff.inv1))?.public_key).toEqual(before?.public_key);
    const grant = await keyringGrant(database.db, fx.jurisdictionId, 'investigation', staff.inv1);
    expect(unwrapWith(opened.privateKey, grant!.wrapped_private_key, 'keyring investigation')).not.toBeNull();
  });
});
