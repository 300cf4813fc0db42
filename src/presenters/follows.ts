import { pickMarked } from '../i18n/index.js';
import type { FollowTarget } from '../db/repos/follows.js';
import type { Locale } from '../domain/types.js';
import type { Translate } from '../i18n/index.js';

/** What a follow is about, in one sentence of the reader's language: "New applications and decisions within 500 m of …". */
export function followTargetText(t: Translate, locale: Locale, target: FollowTarget): string {
  switch (target.kind) {
    case 'application':
      return t('follow.target.application', { number: target.application?.number ?? '', title: target.application?.title ?? '' });
    case 'unit':
      return t('follow.target.unit', { unit: pickMarked(target.unit?.name, locale) });
    case 'procedure':
      return t('follow.target.procedure', { procedure: pickMarked(target.procedure?.name, locale) });
    case 'area': {
      const area = target.area;
      const place = area?.place ?? (area ? t('follow.point', { lat: area.lat.toFixed(5), lng: area.lng.toFixed(5) }) : '');
      const radius = area?.radiusM ?? 0;
      return target.procedure
        ? t('follow.target.area_procedure', { radius, place, procedure: pickMarked(target.procedure.name, locale) })
        : t('follow.target.area', { radius, place });
    }
  }
}
