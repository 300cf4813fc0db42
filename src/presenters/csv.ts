/**
 * CSV per RFC 4180, safe to open in a spreadsheet. A cell is quoted when it holds a comma, a quote or a line
 * break; a text cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return) is prefixed with an apostrophe, as OWASP recommends against CSV injection. Numbers are written
 * as numbers and never prefixed, so a negative figure stays a number.
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, escaped and guarded. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: a header row and the data rows, CRLF line ends, a final CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
