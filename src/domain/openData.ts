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

/** Which jurisdictions get BLDS files of their own, from `OPEN_DATA_BLDS_JURISDICTIONS`. */
export function bldsScopes(setting: string, codes: readonly string[]): string[] {
  if (setting === 'all') return [...codes];
  if (setting === 'none') return [];
  const wanted = new Set(setting.split(',').map((c) => c.trim().toUpperCase()));
  return codes.filter((c) => wanted.has(c.toUpperCase()));
}
