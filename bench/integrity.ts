import { sql } from 'kysely';
import { answerGroups } from '../src/db/repos/integrity.js';
import { computeIndex } from '../src/domain/integrity.js';
import { presetModel } from '../src/domain/integrityModel.js';
import { yearFigures } from '../src/http/pages/integrity.js';
import type { BenchWorld } from './data.js';

export interface IntegrityResult {
  answers: number;
  invitations: number;
  groups: number;
  /** Reading the year's answers grouped by identical answers (SQL). */
  readMs: number;
  /** The pure computation over those groups. */
  computeMs: number;
  /** The whole year as its page assembles it: catalogue, answers, timeliness, satisfaction, deductions, invitations. */
  yearMs: number;
}

const AGREE = `(ARRAY['strongly_agree','agree','agree','neutral','disagree','strongly_disagree','na'])[1 + floor(random() * 7)::int]`;
const OFTEN = `(ARRAY['never','never','never','never','once','few','na'])[1 + floor(random() * 7)::int]`;

/**
 * A year's Integrity Index over the bench world on PostgreSQL: `answers` counted applicants' answers spread over the
 * world's units and procedures (one in 200 reporting a request), `invitations` invitations on existing applications,
 * then the year computed as the public page does. Everything it wrote is removed afterwards.
 */
export async function benchIntegrity(world: BenchWorld, answers: number, log: (line: string) => void = () => {}): Promise<IntegrityResult> {
  const db = world.database.db;
  const year = new Date().getFullYear() - 1;
  const j = await db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'time_zone']).where('code', '=', world.jurisdictionCode).executeTakeFirstOrThrow();
  const model = presetModel('acrc_classic', 'department');
  await db.insertInto('integrity_year').values({ jurisdiction_id: j.id, year, model: JSON.stringify(model) }).execute();
  const invitations = Math.min(world.applications, Math.round(answers * 1.6));
  log(`  ${answers.toLocaleString('en-US')} answers, ${invitations.toLocaleString('en-US')} invitations...`);
  await sql`
    INSERT INTO integrity_invitation (application_id, token_hash, jurisdiction_id, year, unit_id, procedure_code, outcome, expires_at, answered)
    SELECT a.id, md5(a.id::text || random()::text), a.jurisdiction_id, ${year}, a.unit_id, a.procedure_code, 'granted', now(), random() < 0.625
    FROM application a ORDER BY a.id LIMIT ${invitations}`.execute(db);
  await sql`
    INSERT INTO integrity_answer (jurisdiction_id, year, survey, unit_id, procedure_code, outcome, answers)
    SELECT ${j.id}, ${year}, 'external', p.unit_id, p.code, 'granted', jsonb_build_object(
      'offer', CASE WHEN random() < 0.005 THEN 'asked' WHEN random() < 0.03 THEN 'na' ELSE 'none' END,
      'initiator', 'not_applicable', 'frequency', ${sql.raw(OFTEN)}, 'amount', 'none', 'extra_contacts', ${sql.raw(OFTEN)},
      'standards_disclosed', ${sql.raw(AGREE)}, 'procedure_followed', ${sql.raw(AGREE)}, 'fairness', ${sql.raw(AGREE)},
      'no_undue_demand', ${sql.raw(AGREE)}, 'objection', ${sql.raw(AGREE)}, 'overall', ${sql.raw(AGREE)})
    FROM generate_series(1, ${answers}) g
    CROSS JOIN LATERAL (SELECT id, code, unit_id FROM procedure WHERE is_current ORDER BY id OFFSET (g % (SELECT count(*) FROM procedure WHERE is_current)) LIMIT 1) p`.execute(db);
  await sql`ANALYZE integrity_answer`.execute(db);
  try {
    let t = performance.now();
    const groups = await answerGroups(db, j.id, year);
    const readMs = performance.now() - t;
    const units = (await db.selectFrom('unit').select('code').where('jurisdiction_id', '=', j.id).execute()).map((u) => u.code);
    const procedures = [...new Set((await db.selectFrom('procedure').select('code').where('jurisdiction_id', '=', j.id).execute()).map((p) => p.code))];
    t = performance.now();
    computeIndex({ model, units, procedures, answers: groups, timeliness: {}, satisfaction: {}, assessments: [] });
    const computeMs = performance.now() - t;
    t = performance.now();
    await yearFigures(db, { id: j.id, code: j.code, name: { ko: j.name_ko, en: j.name_en }, time_zone: j.time_zone }, year, false);
    const yearMs = performance.now() - t;
    return { answers, invitations, groups: groups.length, readMs, computeMs, yearMs };
  } finally {
    await sql`DELETE FROM integrity_answer WHERE year = ${year}`.execute(db);
    await sql`DELETE FROM integrity_invitation WHERE year = ${year}`.execute(db);
    await sql`DELETE FROM integrity_year WHERE year = ${year}`.execute(db);
  }
}
