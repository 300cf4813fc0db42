// Writes test/golden/leaves.json: for every event type, a stored event row and the exact bytes of its log leaf.
// Run once when an event type is added (`npx tsx scripts/golden-leaves.ts --add`); it never rewrites an existing
// vector, because a leaf already in a log is a frozen contract (ADR 0002).
import fs from 'node:fs';
import { EVENT_TYPES } from '../src/domain/types.js';
import { GOLDEN_ROWS, goldenVector, type GoldenVector } from '../test/golden/rows.js';

const file = new URL('../test/golden/leaves.json', import.meta.url);
const existing: GoldenVector[] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
const have = new Set(existing.map((v) => v.name));
const added = GOLDEN_ROWS.filter((r) => !have.has(r.name)).map(goldenVector);
const missing = EVENT_TYPES.filter((t) => ![...existing, ...added].some((v) => v.row.type === t));
if (missing.length) throw new Error(`no golden row for ${missing.join(', ')}: add one to test/golden/rows.ts`);
if (!added.length) {
  console.log('Every golden row already has its vector; nothing written.');
} else if (!process.argv.includes('--add')) {
  console.log(`${added.length} new vectors (${added.map((v) => v.name).join(', ')}); run with --add to write them.`);
} else {
  fs.writeFileSync(file, `${JSON.stringify([...existing, ...added], null, 2)}\n`);
  console.log(`Wrote ${added.length} new vectors.`);
}
