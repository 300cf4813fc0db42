import type { Locale } from '../domain/types.js';
import type { Formatters, Translate } from '../i18n/index.js';
import type { OfficialSession } from '../http/auth.js';

/** What every page needs to render: language, formatters, a CSRF token on demand, and who is signed in. */
export interface ViewContext {
  locale: Locale;
  t: Translate;
  fmt: Formatters;
  /** The current path and query, for the language switch to come back to. */
  path: string;
  csrf: () => string;
  official?: OfficialSession;
  applicantApplicationId?: number;
  /** Acts entered more than this many minutes after they happened are marked as late entries (default 60). */
  lateEntryMinutes?: number;
}
