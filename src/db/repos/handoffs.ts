import type { Kysely } from 'kysely';
import { hashSecret } from '../../domain/secrets.js';
import { seal, unseal } from '../../domain/seal.js';
import type { DB, HandoffTable } from '../schema.js';

export type HandoffPurpose = HandoffTable['purpose'];

/**
 * Keeps a secret that a form's answer must show once (an access code, an API key) for the page the form redirects to,
 * sealed with the session token in the person's cookie: the database alone cannot read it, and only that browser can
 * show it again, until `ttlMs` passes or the session ends.
 */
export async function handOff(db: Kysely<DB>, props: { sessionToken: string; purpose: HandoffPurpose; ref: string; secret: string; ttlMs: number; now?: Date }): Promise<void> {
  const now = props.now ?? new Date();
  const sessionId = hashSecret(props.sessionToken);
  await db.deleteFrom('handoff').where('expires_at', '<', now).execute();
  await db
    .insertInto('handoff')
    .values({ session_id: sessionId, purpose: props.purpose, ref: props.ref, sealed: seal(props.secret, props.sessionToken, `handoff ${props.purpose}`), expires_at: new Date(now.getTime() + props.ttlMs) })
    .onConflict((oc) => oc.columns(['session_id', 'purpose', 'ref']).doUpdateSet((eb) => ({ sealed: eb.ref('excluded.sealed'), expires_at: eb.ref('excluded.expires_at') })))
    .execute();
}

/** The secret handed off to this session for `ref`, or null when there is none (expired, another browser, signed out). */
export async function takeHandoff(db: Kysely<DB>, props: { sessionToken: string | undefined; purpose: HandoffPurpose; ref: string; now?: Date }): Promise<string | null> {
  if (!props.sessionToken) return null;
  const row = await db
    .selectFrom('handoff')
    .select('sealed')
    .where('session_id', '=', hashSecret(props.sessionToken))
    .where('purpose', '=', props.purpose)
    .where('ref', '=', props.ref)
    .where('expires_at', '>', props.now ?? new Date())
    .executeTakeFirst();
  return row ? unseal(row.sealed, props.sessionToken, `handoff ${props.purpose}`) : null;
}
