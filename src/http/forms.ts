import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import { AppError, validationError } from '../errors.js';
import type { FieldIssue } from '../errors.js';
import type { Translate } from '../i18n/index.js';

/** A multipart file as @fastify/multipart attaches it to the body. */
interface MultipartFile {
  type: 'file';
  fieldname: string;
  filename: string;
  toBuffer(): Promise<Buffer>;
  _buf?: Buffer;
  /** The upload stream; `truncated` once it passed the size limit (the parser then stops keeping its bytes). */
  file?: { truncated?: boolean };
}

/** The text fields of a urlencoded or multipart body, as plain strings. */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') out[key] = value;
    else if (value && typeof value === 'object' && (value as { type?: string }).type === 'field') {
      out[key] = String((value as { value: unknown }).value ?? '');
    }
  }
  return out;
}

/** An uploaded file, read whole. */
export interface FormFile {
  field: string;
  filename: string;
  bytes: Buffer;
}

/**
 * The uploaded files of a multipart body, skipping file inputs left empty, and a field issue for each file that
 * passed the size limit (the parser keeps reading the rest of the form, so what was typed can be shown again).
 */
export async function readFormFiles(body: unknown, maxBytes: number): Promise<{ files: FormFile[]; tooLarge: FieldIssue[] }> {
  const files: FormFile[] = [];
  const tooLarge: FieldIssue[] = [];
  if (!body || typeof body !== 'object') return { files, tooLarge };
  for (const raw of Object.values(body as Record<string, unknown>)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (!value || typeof value !== 'object' || (value as { type?: string }).type !== 'file') continue;
      const file = value as MultipartFile;
      const bytes = file._buf ?? (await file.toBuffer());
      if (file.file?.truncated) {
        tooLarge.push({ field: file.fieldname, key: 'journey.file_too_large', values: { filename: file.filename, max: megabytes(maxBytes) } });
        continue;
      }
      if (!file.filename && bytes.length === 0) continue;
      files.push({ field: file.fieldname, filename: file.filename, bytes });
    }
  }
  return { files, tooLarge };
}

/** The uploaded files of a multipart body; a file past the size limit is refused with a `payload_too_large` naming its field. */
export async function formFiles(body: unknown, maxBytes: number): Promise<FormFile[]> {
  const { files, tooLarge } = await readFormFiles(body, maxBytes);
  if (tooLarge.length) throw tooLargeError(tooLarge);
  return files;
}

/** The refusal of files past the size limit, each issue naming its field; forms show it beside the field. */
export function tooLargeError(issues: FieldIssue[]): AppError {
  return new AppError('payload_too_large', 'error.too_large', {}, issues);
}

/** A byte limit in megabytes as a person reads it (one decimal below 10 MB). */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? String(Math.round(mb)) : String(Math.round(mb * 10) / 10);
}

/** Translates a zod error into field issues with catalogue keys. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = issue.path.join('.');
    const custom = (issue as { params?: { key?: string } }).params?.key;
    let key = custom ?? 'error.invalid_value';
    if (!custom) {
      if (issue.code === 'too_small') key = 'error.required';
      else if (issue.code === 'too_big') key = 'error.too_long';
      else if (issue.code === 'invalid_format') key = 'error.invalid_format';
      else if (issue.code === 'invalid_type' && issue.input === undefined) key = 'error.required';
    }
    const values = issue.code === 'too_big' ? { max: Number((issue as { maximum?: number | bigint }).maximum ?? 0) } : undefined;
    return { field, key, values };
  });
}

/** Parses with a schema or throws a `validation` AppError carrying every field issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(zodIssues(result.error));
  return result.data;
}

/** Field issues as a field → message map for re-rendering a form. */
export function issueMessages(issues: FieldIssue[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] ??= t(i.key, i.values);
  return out;
}

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const optionalNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'format', params: { key: 'error.coordinate_format' } });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'range', params: { key: 'error.out_of_range' } });
        return z.NEVER;
      }
      return n;
    });

/** The common part of every application form, online or at a counter. */
export const applicationForm = z.object({
  title: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(300),
  parcel_id: optionalText(60),
  lat: optionalNumber(-90, 90),
  lng: optionalNumber(-180, 180),
  applicant_name: z.string().trim().min(1).max(100),
  applicant_email: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.email().optional()),
  applicant_phone: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^[+0-9 ()-]{6,40}$/).optional()),
});

/** Re-renders a form with its errors when the failure is the person's to fix; rethrows anything else. */
export function rerender(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  render: (errors: Record<string, string>) => VNode,
): FastifyReply {
  if (error instanceof AppError && ['validation', 'invalid_transition', 'unsupported_media_type', 'conflict', 'payload_too_large'].includes(error.id)) {
    const errors = error.fields.length
      ? issueMessages(error.fields.map((f) => ({ ...f, field: formFieldName(f.field) })), request.t)
      : { form: request.t(error.key, error.values) };
    return reply.page(render(errors), error.status);
  }
  throw error;
}

/** The form input a command's field path belongs to (`fields.area` → `field_area`, `documents.plan` → `doc_plan`). */
function formFieldName(path: string): string {
  if (path.startsWith('fields.')) return `field_${path.slice(7)}`;
  if (path.startsWith('documents.')) return `doc_${path.slice(10)}`;
  return path;
}
