import type { ViewContext } from './context.js';

/**
 * The transparency-log parts of a timeline: each event's proof link and a status line, plus the messages and the
 * script (`public/verify.js`) that verify a proof in the browser. Without JavaScript the links still download
 * the proofs; with it, each gets a "Verify here" button.
 */

/** Attributes for the timeline list: which application it shows, and the verifier's messages in the reader's language. */
export function proofListAttributes(ctx: ViewContext, number: string): Record<string, string> {
  const t = ctx.t;
  // Placeholders survive formatting as literal `{index}` and `{size}`, which the script fills in.
  const counts = { index: '{index}', size: '{size}' };
  return {
    'data-log-application': number,
    'data-msg-verify': t('log.verify'),
    'data-msg-verifying': t('log.verifying'),
    'data-msg-verified': t('log.verified', counts),
    'data-msg-merkle-only': t('log.verified_merkle_only', counts),
    'data-msg-not-yet': t('log.not_yet'),
    'data-msg-failed-entry': t('log.failed_entry'),
    'data-msg-failed-inclusion': t('log.failed_inclusion'),
    'data-msg-failed-signature': t('log.failed_signature'),
    'data-msg-failed-other': t('log.failed_other', { reason: '{reason}' }),
    'data-msg-unsupported': t('log.unsupported'),
  };
}

/** The link to an event's tlog-proof (once it has a log index) and the status line the verifier writes to. */
export function ProofLink(props: { ctx: ViewContext; number: string; seq: number; logIndex: number | null }) {
  if (props.logIndex === null) return null;
  const { ctx, number, seq } = props;
  return (
    <>
      {' · '}
      <a
        href={`/api/v1/applications/${number}/events/${seq}/proof`}
        download={`${number}-${seq}.tlog-proof`}
        title={ctx.t('log.proof_hint')}
        data-proof-seq={String(seq)}
      >
        {ctx.t('log.proof')}
      </a>{' '}
      <span class="proof-status" role="status" />
    </>
  );
}

/** The in-browser verifier, loaded only on pages with a timeline. */
export function VerifyScript() {
  return <script type="module" src="/static/verify.js" />;
}
