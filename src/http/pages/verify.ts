import { findPublicCase } from '../../db/repos/publicRead.js';
import type { Db } from '../../db/types.js';
import { normalisePassage, type DocumentCode } from '../../domain/documentCode.js';
import { LogError } from '../../log/errors.js';
import { entryForEvent } from '../../log/hash.js';
import { verifyTlogProof } from '../../log/proof.js';
import { latestCheckpoint, proveEntry } from '../../log/store.js';
import { certificateOf, kindOfEvent, type Certificate, type DocumentKind } from '../../presenters/documents.js';
import { presentApplication, type PublicApplication, type PublicEvent } from '../../presenters/public.js';

/** Where the certified event stands in the transparency log. */
export type LogStanding =
  | { state: 'included'; index: number; size: number }
  | { state: 'pending' }
  /** The event as the record holds it now is not the entry the log signed at its index. */
  | { state: 'mismatch' };

/** A typed-in passage compared with the certified texts. */
export interface PassageCheck {
  text: string;
  /** The label key of the recorded text it equals, if any. */
  matched?: string;
}

/** What the verification page says about a code (ADR 0018). Only public data: the record as anyone may read it. */
export type Verification =
  | { found: false; code: DocumentCode }
  | {
      found: true;
      code: DocumentCode;
      kind: DocumentKind;
      app: PublicApplication;
      /** The jurisdiction's time zone, which the record's times are shown in. */
      zone: string;
      event: PublicEvent;
      /** The certificate recomputed from the record now. */
      certificate: Certificate;
      /** The code's digest is the one of the record's event. */
      matches: boolean;
      log: LogStanding;
      /** A later decision or correction exists, so this document may no longer be the last word. */
      superseded: boolean;
      passage?: PassageCheck;
    };

/** The longest passage compared (a decision's reasons fit easily); longer input is cut, never rejected. */
export const MAX_PASSAGE = 5_000;

/** Reads the record a code names and checks the code, the log and an optional typed passage against it. */
export async function verifyDocument(db: Db, code: DocumentCode, passage?: string): Promise<Verification> {
  const found = await findPublicCase(db, code.number);
  const row = found?.events.find((e) => e.seq === code.seq);
  if (!found || !row) return { found: false, code };
  const app = presentApplication(found);
  const event = app.events.find((e) => e.seq === code.seq)!;
  const kind = kindOfEvent(event);
  if (!kind) return { found: false, code };
  const certificate = certificateOf(event);
  const later = app.events.filter((e) => e.seq > event.seq);
  return {
    found: true,
    code,
    kind,
    app,
    zone: found.jurisdiction.time_zone,
    event,
    certificate,
    matches: certificate.code.digest === code.digest,
    log: await logStanding(db, event),
    superseded: later.some((e) => e.type === 'decision' || e.type === 'corrected' || (kind === 'receipt' && e.type === 'withdrawn')),
    ...(passage?.trim() ? { passage: checkPassage(app, event, passage.slice(0, MAX_PASSAGE)) } : {}),
  };
}

async function logStanding(db: Db, event: PublicEvent): Promise<LogStanding> {
  const index = event.log?.index;
  if (index === undefined) return { state: 'pending' };
  const [proof, checkpoint] = await Promise.all([proveEntry(db, index), latestCheckpoint(db)]);
  if (!proof || !checkpoint) return { state: 'pending' };
  try {
    const verified = verifyTlogProof(proof, entryForEvent(event), checkpoint.verifierKey);
    return { state: 'included', index, size: verified.checkpoint.size };
  } catch (error) {
    if (error instanceof LogError) return { state: 'mismatch' };
    throw error;
  }
}

/** The printed texts a passage may be compared with, by the label key the page names them with. */
function certifiedTexts(app: PublicApplication, event: PublicEvent): [string, string][] {
  const texts: [string, string][] = [
    ['apply.project_title', app.title],
    ['apply.address', app.location.address],
    ...Object.values(app.procedure.name).map((name): [string, string] => ['application.procedure', String(name)]),
  ];
  for (const key of ['reasons', 'conditions', 'redress']) {
    const value = event.data[key];
    if (typeof value === 'string' && value) texts.push([`event.field.${key}`, value]);
  }
  return texts;
}

/** Whether a typed passage equals, spacing aside, one whole certified text. */
export function checkPassage(app: PublicApplication, event: PublicEvent, text: string): PassageCheck {
  const wanted = normalisePassage(text);
  const hit = certifiedTexts(app, event).find(([, value]) => normalisePassage(value) === wanted);
  return { text, ...(hit ? { matched: hit[0] } : {}) };
}
