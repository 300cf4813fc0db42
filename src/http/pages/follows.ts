import { pickMarked } from '../../i18n/index.js';
import type { FollowTargetInput } from '../../commands/follows/createFollow.js';
import { alertCounts, describeFollows, followIdsForEmail, type DescribedFollow, type FollowTarget } from '../../db/repos/follows.js';
import { linkSecret } from '../../db/repos/outbox.js';
import { applicationTitle, listProcedures } from '../../db/repos/publicRead.js';
import { findUnit, procedureChoices } from '../../db/repos/register.js';
import type { Db } from '../../db/types.js';
import type { Locale } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import { signLink, verifyLink } from '../../mail/links.js';
import type { ViewContext } from '../../views/context.js';
import { FollowManagePage, FollowPage, type FollowFormValues, type ProcedureOption } from '../../views/follows.js';
import { targetInput } from '../followForm.js';

/** The target as the follow form describes it before anything is saved; throws `not_found` when it does not exist. */
async function previewTarget(db: Db, input: FollowTargetInput): Promise<FollowTarget | undefined> {
  switch (input.kind) {
    case 'application': {
      const application = await applicationTitle(db, input.number.trim().toUpperCase());
      if (!application) throw notFound('error.application_not_found');
      return { kind: 'application', application };
    }
    case 'unit': {
      const unit = await findUnit(db, input.unit);
      if (!unit) throw notFound('error.not_found');
      return { kind: 'unit', unit };
    }
    case 'procedure': {
      const [p] = await listProcedures(db, { jurisdiction: input.jurisdiction, code: input.procedure });
      if (!p) throw notFound('error.procedure_not_found');
      return { kind: 'procedure', procedure: { code: p.code, jurisdictionCode: p.jurisdiction.code, name: p.name } };
    }
    case 'area':
      return undefined;
  }
}

/** Procedures an area can be narrowed to, each code once, in the reader's alphabetical order. */
async function procedureOptions(db: Db, locale: Locale): Promise<ProcedureOption[]> {
  const options = (await procedureChoices(db)).map((p) => ({ code: p.code, name: pickMarked(p.name, locale) }));
  return options.sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * The follow form for what its values name (throws `not_found` when that does not exist), for a signed-in citizen
 * (`citizenEmail`) or anyone.
 */
export async function followPage(
  db: Db,
  ctx: ViewContext,
  form: { values: FollowFormValues; errors: Record<string, string>; citizenEmail?: string; digestHour: number },
) {
  const target = await previewTarget(db, targetInput(form.values));
  return FollowPage({
    ctx,
    target,
    values: form.values,
    errors: form.errors,
    procedures: await procedureOptions(db, ctx.locale),
    citizenEmail: form.citizenEmail,
    digestHour: form.digestHour,
    returnTo: `/follow?${new URLSearchParams(Object.entries(form.values).filter(([k]) => k !== 'email'))}`,
  });
}

/** The follow a signed link names, for the purpose given; a forged, altered or unknown link is a 404. */
export async function followOfLink(db: Db, token: string, purpose: 'follow' | 'follow_confirm'): Promise<DescribedFollow> {
  const claim = verifyLink(await linkSecret(db), token, purpose);
  const [follow] = claim ? await describeFollows(db, [claim.f]) : [];
  if (!follow) throw notFound('error.link_invalid');
  return follow;
}

/**
 * The page a follow's manage link opens: the follow with its alerts so far, and the other follows of the same address
 * with their own manage links. A forged, altered or unknown link is a 404.
 */
export async function followManagePage(
  db: Db,
  ctx: ViewContext,
  token: string,
  page: { notice?: string; errors?: Record<string, string>; digestHour: number; zone: string },
) {
  const follow = await followOfLink(db, token, 'follow');
  const secret = await linkSecret(db);
  const otherIds = (await followIdsForEmail(db, follow.email)).filter((id) => id !== follow.id);
  const others = (await describeFollows(db, otherIds)).map((f) => ({ follow: f, token: signLink(secret, { p: 'follow', f: f.id }) }));
  const counts = await alertCounts(db, [follow.id]);
  return FollowManagePage({
    ctx,
    token,
    follow,
    alerts: counts.get(follow.id) ?? { total: 0, waiting: 0 },
    others,
    notice: page.notice,
    errors: page.errors ?? {},
    digestHour: page.digestHour,
    zone: page.zone,
  });
}
