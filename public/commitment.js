// Checks a question's or answer's text shown on an application page against the commitment its event carries in
// the transparency log (ADR 0005): the SHA-256 of the salt, a line break and the text, computed with Web Crypto.
// An enhancement only: without it the page still shows the salt, the commitment, the event and its proof, and
// explains the calculation. It reads the page alone and talks to nobody.

const encoder = new TextEncoder();

/** The commitment of a text: the hex SHA-256 of `salt + "\n" + text` in UTF-8. */
export async function commitText(salt, text, subtle = globalThis.crypto?.subtle) {
  const digest = await subtle.digest('SHA-256', encoder.encode(`${salt}\n${text}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * True when the text shown matches the commitment. HTML parsing turns the CR LF line breaks a form may have sent
 * into LF, so a text with line breaks is tried both ways.
 */
export async function matchesCommitment(salt, shown, sha256, subtle = globalThis.crypto?.subtle) {
  if ((await commitText(salt, shown, subtle)) === sha256) return true;
  return shown.includes('\n') && (await commitText(salt, shown.replace(/\r?\n/g, '\r\n'), subtle)) === sha256;
}

async function check(details) {
  const messages = details.closest('[data-msg-text-match]')?.dataset ?? {};
  const status = details.querySelector('.check-status');
  const shown = document.getElementById(details.dataset.textId);
  if (!status || !shown) return;
  if (!globalThis.crypto?.subtle) {
    status.textContent = messages.msgTextUnsupported ?? '';
    return;
  }
  const match = await matchesCommitment(details.dataset.salt ?? '', shown.textContent ?? '', details.dataset.sha256 ?? '');
  status.textContent = (match ? messages.msgTextMatch : messages.msgTextMismatch) ?? '';
  status.dataset.result = match ? 'match' : 'mismatch';
}

function enhance() {
  for (const details of document.querySelectorAll('details[data-sha256]')) {
    details.addEventListener('toggle', () => {
      if (!details.open || details.dataset.checked) return;
      details.dataset.checked = '1';
      void check(details);
    });
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
}
