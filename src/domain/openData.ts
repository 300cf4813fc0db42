import { BLDS_PERMIT_CLASSES, BLDS_PERMIT_TYPES, bldsPermitKind, type BldsPermitClass, type BldsPermitType } from './blds.js';
import type { FieldIssue } from '../errors.js';
import type { Localized } from './types.js';

/**
 * What the open-data downloads are, as data: the licences they may carry, the manifest that lists a build's files, and
 * how a file is named after the checkpoint it is consistent with. Pure; the build is `jobs/buildOpenData`.
 */

export const LICENCES = {
  'kogl-1': {
    name: { ko: '공공누리 제1유형(출처표시)', en: 'Korea Open Government Licence, type 1 (attribution)' },
    url: 'https://www.kogl.or.kr/info/licenseType1.do',
  },
  'cc-by-4.0': { name: { ko: '크리에이티브 커먼즈 저작자표시 4.0 국제', en: 'Creative Commons Attribution 4.0 International' }, url: 'https://creativecommons.org/licenses/by/4.0/' },
  'cc0-1.0': { name: { ko: 'CC0 1.0 퍼블릭 도메인', en: 'CC0 1.0 Universal (public domain dedication)' }, url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
} as const satisfies Record<string, { name: Localized; url: string }>;
export type LicenceId = keyof typeof LICENCES;

export type FileFormat = 'csv' | 'jsonl' | 'json' | 'txt';

/** One file of a build as the manifest lists it. */
export interface ManifestFile {
  name: string;
  /** `applications`, `events`, a BLDS kind, or `checkpoint` (the signed note the build is consistent with). */
  kind: string;
  format: FileFormat;
  /** The jurisdiction's code for a file of one jurisdiction; null for all of them. */
  jurisdiction: string | null;
  rows: number;
  /** Bytes as served (gzip-compressed except the checkpoint). */
  bytes: number;
  /** SHA-256 of the bytes as served, hex. */
  sha256: string;
}

/** A build: when, from which signed checkpoint, under which licence, and its files. */
export interface Manifest {
  generated_at: string;
  checkpoint: { size: number; root_hash: string; note: string };
  licence: LicenceId;
  /** The folder (under the open-data folder) holding this build's files. */
  folder: string;
  files: ManifestFile[];
}

/** A file's name: what it holds, for which jurisdiction, and the size of the checkpoint it is consistent with. */
export function fileName(kind: string, scope: string | null, size: number, format: FileFormat): string {
  const stem = kind.startsWith('blds-') ? kind : `daylight-${kind}`;
  const scoped = scope ? `${stem}-${scope.toLowerCase()}` : stem;
  return format === 'txt' ? `${scoped}-${size}.txt` : `${scoped}-${size}.${format}.gz`;
}

/** Whether a name could be a file of a build (what a download URL may ask for). */
export function isFileName(name: string): boolean {
  return /^[a-z0-9-]{1,80}\.(csv|jsonl|json)\.gz$|^[a-z0-9-]{1,80}\.txt$/.test(name);
}

export const BLDS_FORMATS = ['csv', 'json'] as const;
export type BldsFormat = (typeof BLDS_FORMATS)[number];

/** What an administrator sets: the licence, each jurisdiction's own BLDS formats, each procedure's BLDS class and type. */
export interface OpenDataSettings {
  licence: LicenceId;
  /** By jurisdiction id; a jurisdiction not listed publishes both formats. */
  bldsFormats: Map<string, BldsFormat[]>;
  /** By jurisdiction id, whether it serves Open311; a jurisdiction not listed does. */
  open311: Map<string, boolean>;
  /** By `${jurisdictionId} ${procedureCode}`; a procedure not listed is mapped by its category. */
  mapping: Map<string, { permitClass: BldsPermitClass; permitType: BldsPermitType }>;
}

/** The key of a procedure in `OpenDataSettings.mapping`. */
export const mappingKey = (jurisdictionId: string, procedureCode: string) => `${jurisdictionId} ${procedureCode}`;

/** The BLDS formats a jurisdiction publishes files of its own in. */
export function formatsOf(settings: Pick<OpenDataSettings, 'bldsFormats'>, jurisdictionId: string): BldsFormat[] {
  return settings.bldsFormats.get(jurisdictionId) ?? [...BLDS_FORMATS];
}

/** Whether a jurisdiction serves Open311 GeoReport v2. */
export function servesOpen311(settings: Pick<OpenDataSettings, 'open311'>, jurisdictionId: string): boolean {
  return settings.open311.get(jurisdictionId) ?? true;
}

/** A procedure's BLDS class and type: the administrator's mapping, or its category's. */
export function kindOf(settings: Pick<OpenDataSettings, 'mapping'>, jurisdictionId: string, procedureCode: string, category: string) {
  return settings.mapping.get(mappingKey(jurisdictionId, procedureCode)) ?? bldsPermitKind(category);
}

/** The form's input names for a jurisdiction's formats and a procedure's class and type. */
export const formatField = (code: string, format: BldsFormat) => `blds_${format}_${code}`;
export const open311Field = (code: string) => `open311_${code}`;
export const classField = (jurisdictionCode: string, procedureCode: string) => `class_${jurisdictionCode}_${procedureCode}`;
export const typeField = (jurisdictionCode: string, procedureCode: string) => `type_${jurisdictionCode}_${procedureCode}`;

/**
 * Reads the administrator's open-data form against the jurisdictions and current procedures it was drawn for: the
 * licence, every jurisdiction's checked formats and whether it serves Open311, every procedure's class and type (a procedure the form does not name
 * keeps its mapping). Unknown values are issues naming their field; nothing outside the lists is read, so the lists'
 * size bounds the work.
 */
export function readOpenDataForm(
  fields: Record<string, string>,
  jurisdictions: readonly { id: string; code: string }[],
  procedures: readonly { jurisdictionId: string; jurisdictionCode: string; code: string }[],
): { settings: OpenDataSettings; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const licence = fields.licence ?? '';
  if (!(licence in LICENCES)) issues.push({ field: 'licence', key: 'opendata.admin.bad_licence' });
  const bldsFormats = new Map<string, BldsFormat[]>();
  const open311 = new Map<string, boolean>();
  for (const j of jurisdictions) {
    bldsFormats.set(j.id, BLDS_FORMATS.filter((f) => fields[formatField(j.code, f)] === 'yes'));
    open311.set(j.id, fields[open311Field(j.code)] === 'yes');
  }
  const mapping: OpenDataSettings['mapping'] = new Map();
  for (const p of procedures) {
    // A procedure added after the form was drawn is not in it: its mapping stays as it was.
    if (fields[classField(p.jurisdictionCode, p.code)] === undefined && fields[typeField(p.jurisdictionCode, p.code)] === undefined) continue;
    const permitClass = fields[classField(p.jurisdictionCode, p.code)] ?? '';
    const permitType = fields[typeField(p.jurisdictionCode, p.code)] ?? '';
    const okClass = (BLDS_PERMIT_CLASSES as readonly string[]).includes(permitClass);
    const okType = (BLDS_PERMIT_TYPES as readonly string[]).includes(permitType);
    if (!okClass) issues.push({ field: classField(p.jurisdictionCode, p.code), key: 'opendata.admin.bad_class' });
    if (!okType) issues.push({ field: typeField(p.jurisdictionCode, p.code), key: 'opendata.admin.bad_type' });
    if (okClass && okType) mapping.set(mappingKey(p.jurisdictionId, p.code), { permitClass: permitClass as BldsPermitClass, permitType: permitType as BldsPermitType });
  }
  return { settings: { licence: licence as LicenceId, bldsFormats, open311, mapping }, issues };
}
