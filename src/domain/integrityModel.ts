/**
 * The model of a year's Integrity Index: what is asked, how each answer scores, how the components weigh, the scale,
 * grading and the minimum sample. A year's model is stored with the year and frozen when the year is published, so a
 * year's figures can always be recomputed from its answers and its own model. Two presets reproduce the published
 * ACRC models; an administrator may edit a year's model (its item bank included) until the year is published.
 */
import { z } from 'zod';
import type { Localized } from './types.js';

/** Where a component's figure comes from. */
export const COMPONENT_SOURCES = ['external', 'internal', 'timeliness', 'satisfaction', 'effort'] as const;
export type ComponentSource = (typeof COMPONENT_SOURCES)[number];

/** The option every item offers; never scored, never counted as an answer to that item. */
export const PREFER_NOT_TO_SAY = 'na';

const localized = z.object({ ko: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) });
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

const choiceSchema = z.object({
  key,
  label: localized,
  /** 0 (worst) to 1 (best); null for an option that says nothing about integrity (who started an offer). */
  score: z.number().min(0).max(1).nullable(),
  /** Choosing it reports having been asked for or offered money, gifts, entertainment or favours. */
  reports: z.boolean().optional(),
});

const itemSchema = z.object({
  key,
  survey: z.enum(['external', 'internal']),
  question: localized,
  /** Weight of the item within its survey's score; 0 for an item only reported (who started an offer). */
  weight: z.number().min(0).max(1),
  choices: z.array(choiceSchema).min(2).max(12),
});

const componentSchema = z.object({
  source: z.enum(COMPONENT_SOURCES),
  /** Share of the index, before deductions; the weights of a model add up to 1. */
  weight: z.number().gt(0).max(1),
});

/** Days an invitation stays open after closure. */
const windowDaysSchema = z.number().int().min(1).max(120);

/** The presets' invitation window, and the window of a stored model that names none that reads. */
export const DEFAULT_WINDOW_DAYS = 30;

/** The model's schema: what an administrator's edit must satisfy. */
export const integrityModelSchema = z
  .object({
    preset: z.enum(['acrc_classic', 'acrc_2022', 'custom']),
    scale: z.union([z.literal(10), z.literal(100)]),
    components: z.array(componentSchema).min(1).max(COMPONENT_SOURCES.length),
    items: z.array(itemSchema).min(1).max(60),
    /** Fewest respondents (or cases) a figure needs to be published; below it the figure is withheld. */
    minSample: z.number().int().min(1).max(10_000),
    /**
     * Grades within a peer group: the share of the group (in %) that grades 1, 2, 3 and 4 reach, cumulatively; the
     * rest grade 5. A unit's place is its rank's position before it ((rank - 1) / size), so the best is always grade 1.
     */
    gradeCuts: z.array(z.number().gt(0).lt(100)).length(4),
    /** Peer group of each unit code; units not named fall in `defaultPeerGroup`. */
    peerGroups: z.record(z.string().max(40), z.string().trim().min(1).max(60)),
    defaultPeerGroup: z.string().trim().min(1).max(60),
    /** Days an invitation stays open after closure. */
    windowDays: windowDaysSchema,
  })
  .superRefine((model, ctx) => {
    const total = model.components.reduce((sum, c) => sum + c.weight, 0);
    if (Math.abs(total - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['components'], message: 'weights_sum' });
    const sources = new Set(model.components.map((c) => c.source));
    if (sources.size !== model.components.length) ctx.addIssue({ code: 'custom', path: ['components'], message: 'duplicate_source' });
    if (!sources.has('external')) ctx.addIssue({ code: 'custom', path: ['components'], message: 'external_required' });
    const keys = new Set<string>();
    model.items.forEach((item, i) => {
      if (keys.has(item.key)) ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: 'duplicate_item' });
      keys.add(item.key);
      const choices = new Set(item.choices.map((c) => c.key));
      if (choices.size !== item.choices.length) ctx.addIssue({ code: 'custom', path: ['items', i, 'choices'], message: 'duplicate_choice' });
      if (!choices.has(PREFER_NOT_TO_SAY)) ctx.addIssue({ code: 'custom', path: ['items', i, 'choices'], message: 'prefer_not_to_say' });
      if (item.weight > 0 && !item.choices.some((c) => c.key !== PREFER_NOT_TO_SAY && c.score !== null)) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'choices'], message: 'weighted_unscored' });
      }
    });
    for (const survey of ['external', 'internal'] as const) {
      const used = sources.has(survey);
      const weighted = model.items.filter((i) => i.survey === survey && i.weight > 0);
      if (used && weighted.length === 0) ctx.addIssue({ code: 'custom', path: ['items'], message: `no_${survey}_items` });
    }
    for (let i = 1; i < model.gradeCuts.length; i++) {
      if (model.gradeCuts[i]! <= model.gradeCuts[i - 1]!) ctx.addIssue({ code: 'custom', path: ['gradeCuts'], message: 'cuts_order' });
    }
  });

export type IntegrityModel = z.infer<typeof integrityModelSchema>;
export type IntegrityItem = IntegrityModel['items'][number];
export type IntegrityChoice = IntegrityItem['choices'][number];

/** Reads a stored or submitted model; `issues` name the path of each problem. */
export function parseModel(value: unknown): { model: IntegrityModel } | { issues: { path: string; message: string }[] } {
  const parsed = integrityModelSchema.safeParse(value);
  if (parsed.success) return { model: parsed.data };
  return { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(model)', message: i.message })) };
}

/**
 * How many days a stored model keeps an invitation open, or `DEFAULT_WINDOW_DAYS` when it names no valid window. Reads
 * that one field: a model is checked whole when it is saved, and every closing act invites, so it is not checked again
 * there.
 */
export function invitationWindowDays(model: unknown): number {
  const days = typeof model === 'object' && model !== null ? (model as { windowDays?: unknown }).windowDays : undefined;
  const parsed = windowDaysSchema.safeParse(days);
  return parsed.success ? parsed.data : DEFAULT_WINDOW_DAYS;
}

// ---------------------------------------------------------------------------------------------------------------
// The default item bank, modelled on the items the ACRC and Seoul published (reference/integrity-index.md).

const na: IntegrityChoice = { key: PREFER_NOT_TO_SAY, label: { ko: '응답하지 않겠습니다', en: 'I prefer not to say' }, score: null };

const agreement = (): IntegrityChoice[] => [
  { key: 'strongly_agree', label: { ko: '매우 그렇다', en: 'Strongly agree' }, score: 1 },
  { key: 'agree', label: { ko: '그렇다', en: 'Agree' }, score: 0.75 },
  { key: 'neutral', label: { ko: '보통이다', en: 'Neither agree nor disagree' }, score: 0.5 },
  { key: 'disagree', label: { ko: '그렇지 않다', en: 'Disagree' }, score: 0.25 },
  { key: 'strongly_disagree', label: { ko: '전혀 그렇지 않다', en: 'Strongly disagree' }, score: 0 },
  na,
];

const frequency = (): IntegrityChoice[] => [
  { key: 'never', label: { ko: '전혀 없었다', en: 'Never' }, score: 1 },
  { key: 'once', label: { ko: '한 번', en: 'Once' }, score: 0.5 },
  { key: 'few', label: { ko: '두세 번', en: 'Two or three times' }, score: 0.25 },
  { key: 'often', label: { ko: '네 번 이상', en: 'Four times or more' }, score: 0 },
  na,
];

const agreeItem = (k: string, survey: 'external' | 'internal', weight: number, question: Localized): IntegrityItem => ({
  key: k, survey, weight, question, choices: agreement(),
});

/** The applicants' items: experience of money, gifts, entertainment or favours first, then transparency and fairness. */
export function defaultExternalItems(): IntegrityItem[] {
  return [
    {
      key: 'offer', survey: 'external', weight: 0.2,
      question: {
        ko: '이번 민원을 처리하는 동안 담당 공무원이 금품·향응·편의를 요구하거나, 누군가 이를 제공하거나 제공하겠다고 한 일이 있었습니까?',
        en: 'While this application was handled, did an official ask for money, gifts, entertainment or favours, or did anyone give or offer them?',
      },
      choices: [
        { key: 'none', label: { ko: '없었다', en: 'No' }, score: 1 },
        { key: 'asked', label: { ko: '요구받았다', en: 'Yes, I was asked' }, score: 0, reports: true },
        { key: 'offered', label: { ko: '제공했거나 제공하겠다고 했다', en: 'Yes, something was given or offered' }, score: 0, reports: true },
        na,
      ],
    },
    {
      key: 'initiator', survey: 'external', weight: 0,
      question: { ko: '그런 일이 있었다면 누가 먼저 꺼냈습니까?', en: 'If so, who started it?' },
      choices: [
        { key: 'not_applicable', label: { ko: '해당 없음', en: 'Does not apply' }, score: null },
        { key: 'official_asked', label: { ko: '공무원이 직접 요구했다', en: 'The official asked directly' }, score: null },
        { key: 'official_hinted', label: { ko: '공무원이 넌지시 암시했다', en: 'The official hinted at it' }, score: null },
        { key: 'applicant', label: { ko: '신청인 쪽에서 먼저 제공했다', en: 'The applicant’s side offered first' }, score: null },
        { key: 'intermediary', label: { ko: '대행업체나 중개인이 권했다', en: 'An agent or intermediary suggested it' }, score: null },
        na,
      ],
    },
    { key: 'frequency', survey: 'external', weight: 0.1, question: { ko: '그런 일은 몇 번 있었습니까?', en: 'How often did it happen?' }, choices: frequency() },
    {
      key: 'amount', survey: 'external', weight: 0.1,
      question: { ko: '금품·향응·편의의 규모는 대략 얼마였습니까?', en: 'Roughly how much were the money, gifts, entertainment or favours worth?' },
      choices: [
        { key: 'none', label: { ko: '없었다', en: 'Nothing' }, score: 1 },
        { key: 'under_100k', label: { ko: '10만 원 미만', en: 'Under ₩100,000' }, score: 0.5 },
        { key: 'under_1m', label: { ko: '10만 원 이상 100만 원 미만', en: '₩100,000 to under ₩1 million' }, score: 0.25 },
        { key: 'under_10m', label: { ko: '100만 원 이상 1,000만 원 미만', en: '₩1 million to under ₩10 million' }, score: 0.1 },
        { key: 'over_10m', label: { ko: '1,000만 원 이상', en: '₩10 million or more' }, score: 0 },
        na,
      ],
    },
    {
      key: 'extra_contacts', survey: 'external', weight: 0.1,
      question: { ko: '정해진 절차 밖에서 담당 공무원을 따로 만나거나 연락해야 했던 적이 있습니까?', en: 'Did you need extra meetings or contacts with the official outside the set procedure?' },
      choices: frequency(),
    },
    agreeItem('standards_disclosed', 'external', 0.1, {
      ko: '처리 기준과 단계별 절차가 미리 공개되어 있었습니다.', en: 'The standards and the stages of the procedure were disclosed in advance.',
    }),
    agreeItem('procedure_followed', 'external', 0.1, {
      ko: '공개된 기준과 절차대로 처리되었습니다.', en: 'The application was handled by the disclosed standards and stages.',
    }),
    agreeItem('fairness', 'external', 0.1, {
      ko: '특혜나 차별 없이 누구에게나 똑같이 처리한다고 느꼈습니다.', en: 'I felt everyone is treated alike, without favouritism.',
    }),
    agreeItem('no_undue_demand', 'external', 0.1, {
      ko: '부당한 요구를 받거나 이유 없이 처리가 늦어진 일이 없었습니다.', en: 'There was no unjust demand and no unexplained delay.',
    }),
    agreeItem('objection', 'external', 0.05, {
      ko: '처리 결과나 과정에 이의를 제기하기 쉬웠습니다.', en: 'It was easy to object to the handling or its outcome.',
    }),
    agreeItem('overall', 'external', 0.05, {
      ko: '전반적으로 이 부서는 청렴하게 업무를 처리한다고 생각합니다.', en: 'Overall, I think this department does its work with integrity.',
    }),
  ];
}

/** The officials' items (the ACRC's internal integrity). */
export function defaultInternalItems(): IntegrityItem[] {
  return [
    { key: 'unfair_instructions', survey: 'internal', weight: 0.3, question: { ko: '올해 상급자에게서 부당한 업무 지시를 받은 적이 있습니까?', en: 'This year, were you given unfair instructions by a superior?' }, choices: frequency() },
    { key: 'personnel_favouritism', survey: 'internal', weight: 0.25, question: { ko: '올해 인사(승진·전보)에서 청탁이나 특혜가 있었다고 보거나 들은 적이 있습니까?', en: 'This year, did you see or hear of favouritism or string-pulling in promotions or postings?' }, choices: frequency() },
    { key: 'budget_misuse', survey: 'internal', weight: 0.25, question: { ko: '올해 업무추진비나 예산이 목적과 다르게 쓰이는 것을 보거나 들은 적이 있습니까?', en: 'This year, did you see or hear of budget or expense funds used for other purposes?' }, choices: frequency() },
    agreeItem('reporting_safe', 'internal', 0.2, { ko: '부패 행위를 신고해도 불이익을 받지 않는다고 믿습니다.', en: 'I trust that reporting corruption would not harm me.' }),
  ];
}

const common = {
  items: [] as IntegrityItem[],
  minSample: 10,
  gradeCuts: [10, 30, 70, 90],
  peerGroups: {} as Record<string, string>,
  windowDays: DEFAULT_WINDOW_DAYS,
};

/**
 * A preset model. `acrc_classic`: overall = external × 0.763 + internal × 0.237 − deductions, on 0–10 (the ACRC model
 * to 2021). `acrc_2022`: perceived integrity 60 + anti-corruption effort 40 − deductions, on 0–100; the published
 * model does not split perceived integrity between its two surveys, so it keeps the classic proportion
 * (60 × 0.763 = 45.78 external, 60 × 0.237 = 14.22 internal).
 */
export function presetModel(preset: 'acrc_classic' | 'acrc_2022', defaultPeerGroup: string): IntegrityModel {
  const items = [...defaultExternalItems(), ...defaultInternalItems()];
  if (preset === 'acrc_classic') {
    return {
      ...common, preset, scale: 10, items, defaultPeerGroup,
      components: [{ source: 'external', weight: 0.763 }, { source: 'internal', weight: 0.237 }],
    };
  }
  return {
    ...common, preset, scale: 100, items, defaultPeerGroup,
    components: [{ source: 'external', weight: 0.4578 }, { source: 'internal', weight: 0.1422 }, { source: 'effort', weight: 0.4 }],
  };
}
