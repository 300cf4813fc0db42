import type { Localized } from '../domain/types.js';

/**
 * The demo city's officials named in the languages it offers. Names are transliterated syllable by syllable, as the
 * press of each language writes Korean names: Chinese with a usual hanja of the syllable (the demo's people are
 * fictional, so no real person's characters are guessed), Russian by the Kontsevich system, Arabic as Arab newspapers
 * spell Korean names; French and Spanish keep the Latin romanisation English uses. Titles are translated with the
 * city's other texts (`languages.ts`).
 */

/** A syllable's hanja (simplified), Cyrillic and Arabic spellings. */
const SYLLABLES: Record<string, readonly [zh: string, ru: string, ar: string]> = {
  // Surnames (as a surname: 이 is Ли, 정 Чон, 박 Пак).
  김: ['金', 'Ким', 'كيم'], 이: ['李', 'Ли', 'لي'], 박: ['朴', 'Пак', 'باك'], 최: ['崔', 'Чхве', 'تشوي'], 강: ['姜', 'Кан', 'كانغ'],
  조: ['赵', 'Чо', 'تشو'], 장: ['张', 'Чан', 'جانغ'], 임: ['林', 'Лим', 'ليم'], 한: ['韩', 'Хан', 'هان'], 오: ['吴', 'О', 'أوه'],
  신: ['申', 'Син', 'شين'], 권: ['权', 'Квон', 'كوون'], 황: ['黄', 'Хван', 'هوانغ'], 안: ['安', 'Ан', 'آن'], 송: ['宋', 'Сон', 'سونغ'],
  전: ['全', 'Чон', 'جون'], 홍: ['洪', 'Хон', 'هونغ'], 고: ['高', 'Ко', 'كو'], 문: ['文', 'Мун', 'مون'], 양: ['梁', 'Ян', 'يانغ'],
  손: ['孙', 'Сон', 'سون'], 배: ['裴', 'Пэ', 'باي'], 백: ['白', 'Пэк', 'بايك'], 허: ['许', 'Хо', 'هو'], 남: ['南', 'Нам', 'نام'],
  노: ['卢', 'Но', 'نوه'],
  // Syllables of given names (and of surnames that are given-name syllables too: 정, 윤, 서, 유).
  민: ['敏', 'Мин', 'مين'], 준: ['俊', 'Чжун', 'جون'], 서: ['瑞', 'Со', 'سو'], 도: ['道', 'До', 'دو'], 윤: ['允', 'Юн', 'يون'],
  예: ['睿', 'Е', 'يه'], 시: ['时', 'Си', 'سي'], 우: ['宇', 'У', 'وو'], 하: ['夏', 'Ха', 'ها'], 지: ['智', 'Чжи', 'جي'],
  호: ['浩', 'Хо', 'هو'], 주: ['周', 'Чжу', 'جو'], 원: ['元', 'Вон', 'وون'], 후: ['厚', 'Ху', 'هو'], 현: ['贤', 'Хён', 'هيون'],
  건: ['健', 'Гон', 'غون'], 진: ['珍', 'Чжин', 'جين'], 선: ['善', 'Сон', 'سون'], 재: ['在', 'Чжэ', 'جاي'], 연: ['妍', 'Ён', 'يون'],
  유: ['裕', 'Ю', 'يو'], 정: ['贞', 'Чжон', 'جونغ'], 은: ['恩', 'Ын', 'أون'], 아: ['雅', 'А', 'آ'], 수: ['秀', 'Су', 'سو'],
  빈: ['彬', 'Бин', 'بين'], 영: ['英', 'Ён', 'يونغ'], 희: ['熙', 'Хи', 'هي'], 성: ['成', 'Сон', 'سونغ'], 혜: ['惠', 'Хе', 'هيه'],
  상: ['相', 'Сан', 'سانغ'], 훈: ['勋', 'Хун', 'هون'], 경: ['京', 'Гён', 'كيونغ'], 미: ['美', 'Ми', 'مي'], 동: ['东', 'Дон', 'دونغ'],
  승: ['承', 'Сын', 'سونغ'], 나: ['娜', 'На', 'نا'], 태: ['泰', 'Тхэ', 'تاي'], 보: ['宝', 'Бо', 'بو'], 람: ['蓝', 'Рам', 'رام'],
  소: ['素', 'Со', 'سو'], 명: ['明', 'Мён', 'ميونغ'], 숙: ['淑', 'Сук', 'سوك'], 광: ['光', 'Гван', 'كوانغ'], 채: ['彩', 'Чхэ', 'تشاي'],
  다: ['多', 'Да', 'دا'], 사: ['思', 'Са', 'سا'], 관: ['宽', 'Гван', 'غوان'],
};

/** Surnames whose spelling as a surname differs from the same syllable in a given name. */
const SURNAME_SPELLINGS: Record<string, readonly [zh: string, ru: string, ar: string]> = {
  정: ['郑', 'Чон', 'جونغ'], 윤: ['尹', 'Юн', 'يون'], 서: ['徐', 'Со', 'سو'], 유: ['柳', 'Ю', 'يو'], 이: ['李', 'Ли', 'لي'],
};

const SCRIPTS = ['zh', 'ru', 'ar'] as const;

/**
 * A demo official's Korean name (a one-syllable surname and a given name) in the city's other languages, or the name
 * as it is when a syllable has no spelling here (`officialNames.test.ts` checks every generated name is spelled).
 */
export function officialNameInCityLanguages(name: Localized): Localized {
  const [surname, ...given] = [...name.ko];
  const surnameSpelling = surname ? SURNAME_SPELLINGS[surname] ?? SYLLABLES[surname] : undefined;
  const givenSpellings = given.map((s) => SYLLABLES[s]);
  if (!surnameSpelling || !given.length || givenSpellings.some((s) => !s)) return name;
  const spelled = SCRIPTS.map((_, i) => {
    const parts = givenSpellings.map((s) => s![i]!);
    if (i === 0) return surnameSpelling[0] + parts.join('');
    // Russian writes a given name as one word ("Минчжун"); Arabic joins its syllables with a hyphen, as English does.
    const givenName = i === 1 ? parts[0] + parts.slice(1).join('').toLowerCase() : parts.join('-');
    return `${surnameSpelling[i]} ${givenName}`;
  });
  return { ...name, zh: spelled[0], ru: spelled[1], ar: spelled[2], fr: name.en, es: name.en };
}
