import { describe, expect, it } from 'vitest';
import { officialNameInCityLanguages } from './officialNames.js';
import { koreanName } from './people.js';
import { Rng } from './random.js';

describe('officials named in the demo city’s languages', () => {
  it.each([
    [{ ko: '김민준', en: 'Kim Min-jun' }, { zh: '金敏俊', ru: 'Ким Минчжун', ar: 'كيم مين-جون', fr: 'Kim Min-jun', es: 'Kim Min-jun' }],
    [{ ko: '이서연', en: 'Lee Seo-yeon' }, { zh: '李瑞妍', ru: 'Ли Соён', ar: 'لي سو-يون', fr: 'Lee Seo-yeon', es: 'Lee Seo-yeon' }],
    // A surname spelled its own way (郑, not the given-name syllable's 贞).
    [{ ko: '정지호', en: 'Jung Ji-ho' }, { zh: '郑智浩', ru: 'Чон Чжихо', ar: 'جونغ جي-هو', fr: 'Jung Ji-ho', es: 'Jung Ji-ho' }],
  ])('spells %o in every script', (name, expected) => {
    expect(officialNameInCityLanguages(name)).toEqual({ ...name, ...expected });
  });

  it('leaves a name it cannot spell in Korean and English, so it shows marked rather than half-spelled', () => {
    expect(officialNameInCityLanguages({ ko: '하늘시장', en: 'Mayor of Haneul' })).toEqual({ ko: '하늘시장', en: 'Mayor of Haneul' });
  });

  it('spells every name the demo generates', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const name = koreanName(rng);
      const spelled = officialNameInCityLanguages(name);
      expect(spelled.zh, name.ko).toMatch(/^\p{Script=Han}{3}$/u);
      expect(spelled.ru, name.ko).toMatch(/^\p{Script=Cyrillic}+ \p{Script=Cyrillic}+$/u);
      expect(spelled.ar, name.ko).toMatch(/^\p{Script=Arabic}+ [\p{Script=Arabic}-]+$/u);
    }
  });
});
