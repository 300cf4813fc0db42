import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { clockOfPublicCase } from '../src/db/repos/clocks.js';
import { findPublicCase } from '../src/db/repos/publicRead.js';
import { documentFonts } from '../src/documents/fonts.js';
import { renderPdf } from '../src/documents/pdf.js';
import { LOCALES, type Locale } from '../src/domain/types.js';
import { formatters, translator } from '../src/i18n/index.js';
import { decisionDocument, receiptDocument } from '../src/presenters/documents.js';
import { presentApplication } from '../src/presenters/public.js';
import type { BenchWorld } from './data.js';

/**
 * Printed documents: the receipt PDF as its route makes it (read the record and its clock, present, lay out, embed
 * subset fonts, compress), once per language with the fonts opened, after one cold render that opens them. The
 * target is a receipt in under 200 ms.
 */
export interface DocumentsResult {
  coldMs: number;
  receipts: { locale: string; p50: number; p95: number; max: number; bytes: number }[];
  decision: { p50: number; p95: number; bytes: number } | null;
}

const RUNS = 20;

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

export async function benchDocuments(world: BenchWorld, log: (line: string) => void): Promise<DocumentsResult> {
  const db = world.database.db;
  const numbers = (await sql<{ number: string }>`SELECT number FROM application ORDER BY random() LIMIT ${RUNS}`.execute(db)).rows.map((r) => r.number);
  const decided = (await sql<{ number: string }>`SELECT a.number FROM application a JOIN event e ON e.application_id = a.id AND e.type = 'decision' LIMIT ${RUNS}`.execute(db)).rows.map((r) => r.number);
  // Every language Daylight offers: each has its own fonts (Korean and Chinese faces of the CJK font, Arabic).
  const context = (locale: Locale) => ({ locale, t: translator(locale), fmt: formatters(locale) });
  const render = async (number: string, locale: Locale, kind: 'receipt' | 'decision') => {
    const t = performance.now();
    const found = (await findPublicCase(db, number))!;
    const app = presentApplication(found, await clockOfPublicCase(db, found));
    const props = { app, applicantName: '홍길동 Hong Gil-dong', publicUrl: 'https://daylight.example.org', zone: found.jurisdiction.time_zone, printedAt: new Date() };
    const printed = (kind === 'receipt' ? receiptDocument : decisionDocument)(context(locale), props)!;
    const bytes = await renderPdf(printed, documentFonts(locale));
    return { ms: performance.now() - t, bytes: bytes.length };
  };

  const cold = await render(numbers[0]!, 'ko', 'receipt');
  log(`  first receipt, opening the fonts: ${cold.ms.toFixed(0)} ms`);
  const receipts: DocumentsResult['receipts'] = [];
  for (const locale of LOCALES) {
    await render(numbers[0]!, locale, 'receipt');
    const times: number[] = [];
    let bytes = 0;
    for (const number of numbers) {
      const r = await render(number, locale, 'receipt');
      times.push(r.ms);
      bytes = Math.max(bytes, r.bytes);
    }
    receipts.push({ locale, ...percentiles(times), bytes });
  }
  let decision: DocumentsResult['decision'] = null;
  if (decided.length) {
    const times: number[] = [];
    let bytes = 0;
    for (const number of decided) {
      const r = await render(number, 'ko', 'decision');
      times.push(r.ms);
      bytes = Math.max(bytes, r.bytes);
    }
    const p = percentiles(times);
    decision = { p50: p.p50, p95: p.p95, bytes };
  }
  return { coldMs: cold.ms, receipts, decision };
}
