import { citizenApplications, citizenMail, homeTimeZone } from '../../db/repos/citizens.js';
import { describeFollows, followIdsForEmail } from '../../db/repos/follows.js';
import { citizenInquiries } from '../../db/repos/inquiries.js';
import { linkSecret } from '../../db/repos/outbox.js';
import type { Db } from '../../db/types.js';
import { signLink } from '../../mail/links.js';
import { MePage } from '../../views/citizen.js';
import type { ViewContext } from '../../views/context.js';
import type { CitizenSession } from '../auth.js';

/** A citizen's follows (stopped ones too, up to a hundred), each with the signed link that manages it. */
async function followsWithLinks(db: Db, email: string) {
  const secret = await linkSecret(db);
  return (await describeFollows(db, await followIdsForEmail(db, email, { includeStopped: true, limit: 100 }))).map((follow) => ({ follow, token: signLink(secret, { p: 'follow', f: follow.id }) }));
}

/** The signed-in citizen's page: their applications, the mail sent to them, their questions and their follows. */
export async function mePage(db: Db, ctx: ViewContext, who: CitizenSession, form: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}) {
  return MePage({
    ctx,
    email: who.email,
    applications: await citizenApplications(db, who.id, who.email),
    mail: await citizenMail(db, who.email),
    questions: await citizenInquiries(db, who.id),
    homeZone: await homeTimeZone(db),
    follows: await followsWithLinks(db, who.email),
    values: form.values ?? {},
    errors: form.errors ?? {},
    notice: form.notice,
  });
}
