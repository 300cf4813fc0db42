import { insertRatings } from '../db/repos/ratings.js';
import type { Tx } from '../db/types.js';
import type { DemoCase } from './model.js';
import type { Rng } from './random.js';

/** One applicant's rating of a closed demo case, as `service_rating` stores it. */
export interface DemoRating {
  applicationId: number;
  jurisdictionId: string;
  unitId: number;
  satisfaction: number;
  comment: string | null;
  locale: 'ko' | 'en';
  at: number;
}

const DAY_MS = 86_400_000;

/** Fictional comments by mood and language; they stay private to the unit in the demo as in real use. */
const COMMENTS = {
  good: {
    ko: ['담당자가 절차를 친절하게 설명해 주었습니다.', '예정보다 빨리 처리되어 좋았습니다.', '단계마다 진행 상황을 볼 수 있어 안심이 되었습니다.'],
    en: ['The officer explained every step clearly.', 'Faster than I expected, thank you.', 'Being able to follow each stage online saved me many phone calls.'],
  },
  mixed: {
    ko: ['보완 요구 사항을 처음부터 한 번에 알려 주면 좋겠습니다.', '결과는 만족하지만 협의 단계가 길었습니다.'],
    en: ['Please list everything you need at the start instead of asking twice.', 'Fine in the end, but the consultation stage took long.'],
  },
  bad: {
    ko: ['처리 기한을 넘겼는데 이유를 늦게 알려 주었습니다.', '거부 사유가 구체적이지 않아 다시 신청하기 어렵습니다.'],
    en: ['The deadline passed and nobody told me why until much later.', 'The reasons for the refusal were too vague to act on.'],
  },
};

/**
 * Ratings for closed demo cases: everyone in the small demo (so its figures are fixed), about 45% in the full one,
 * as response rates to such surveys go. Scores lean on the outcome and on whether the case ran late; a third carry
 * a comment in the applicant's language. Each is given a few days after closure, never after `now`.
 */
export function planRatings(rng: Rng, cases: readonly DemoCase[], now: number, size: 'full' | 'small'): DemoRating[] {
  const ratings: DemoRating[] = [];
  for (const c of cases) {
    const closedAt = c.history.closedAt;
    if (closedAt === null) continue;
    const r = rng.fork(`rating:${c.id}`);
    if (size === 'full' && !r.chance(0.45)) continue;
    const late = c.history.events.some((e) => e.type === 'deadline_passed' || e.type === 'delay_reason_given');
    const base = { approved: 4.3, approved_with_conditions: 3.9, rejected: 2.4, withdrawn: 3.2 }[c.history.state.status as 'approved'] ?? 3;
    const satisfaction = Math.min(5, Math.max(1, Math.round(base - (late ? 1.2 : 0) + (r.int(0, 20) - 10) / 10)));
    const lang = c.draft.spec.lang;
    const mood = satisfaction >= 4 ? 'good' : satisfaction === 3 ? 'mixed' : 'bad';
    ratings.push({
      applicationId: c.id,
      jurisdictionId: c.draft.procedure.jurisdiction.id,
      unitId: c.history.unitId,
      satisfaction,
      comment: size === 'small' || r.chance(0.35) ? r.pick(COMMENTS[mood][lang]) : null,
      locale: lang,
      at: Math.min(now, closedAt + r.int(1, 10) * DAY_MS + r.int(0, 36_000_000)),
    });
  }
  return ratings;
}

/** Writes the planned ratings in the seed's transaction. */
export async function writeRatings(trx: Tx, ratings: readonly DemoRating[]): Promise<void> {
  for (let i = 0; i < ratings.length; i += 1000) {
    await insertRatings(trx, ratings.slice(i, i + 1000).map((r) => ({ ...r, at: new Date(r.at) })));
  }
}
