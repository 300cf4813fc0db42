/**
 * Korean particles chosen for the word before them. A message with a value in it cannot know whether the value ends
 * in a consonant, so the catalogue writes both forms (`{name}을(를)`, `{stage}은(는)`, `{to}(으)로`) and this picks
 * the one a Korean writer would: `도시계획과를`, `접수 검토는`, `서울로`, `3일을`. Pure; never throws. When the word
 * before a particle cannot be read (a symbol, an emoji), both forms stay as written.
 */

/** The paired forms: [written, form after a final consonant, form after a vowel]. `(으)로` is handled apart (ㄹ takes 로). */
const PAIRS: [string, string, string][] = [
  ['을(를)', '을', '를'],
  ['를(을)', '을', '를'],
  ['은(는)', '은', '는'],
  ['는(은)', '은', '는'],
  ['이(가)', '이', '가'],
  ['가(이)', '이', '가'],
  ['과(와)', '과', '와'],
  ['와(과)', '과', '와'],
  ['이나(나)', '이나', '나'],
  ['(이)나', '이나', '나'],
  ['이라는(라는)', '이라는', '라는'],
  ['(이)라는', '이라는', '라는'],
];

const MARKER = /(을\(를\)|를\(을\)|은\(는\)|는\(은\)|이\(가\)|가\(이\)|과\(와\)|와\(과\)|이나\(나\)|\(이\)나|이라는\(라는\)|\(이\)라는|\(으\)로)/g;

/** Closing marks looked through to find the word a particle follows: `“신청”을`, `(안)은`. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '}', '」', '』', '》', '〉', '>', '*']);

/** The final consonant of how a digit is read in Sino-Korean (영 일 이 삼 사 오 육 칠 팔 구): 0 none, 8 ㄹ, other a consonant. */
const DIGIT_FINAL = [21, 8, 0, 16, 0, 0, 1, 8, 8, 0];
/** Latin letters whose Korean name ends in a consonant: L 엘, M 엠, N 엔, R 알. */
const LATIN_FINAL: Record<string, number> = { l: 8, m: 16, n: 4, r: 8 };

/**
 * The final consonant (jongseong index, 0 = none, 8 = ㄹ) of what precedes `end` in `text`, or undefined when it
 * cannot be told.
 */
export function finalConsonant(text: string, end: number): number | undefined {
  let i = end - 1;
  while (i >= 0 && CLOSERS.has(text[i]!)) i--;
  if (i < 0) return undefined;
  const ch = text[i]!;
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28;
  if (ch >= '0' && ch <= '9') {
    if (ch !== '0') return DIGIT_FINAL[Number(ch)];
    // Trailing zeros are read as 십, 백, 천, 만 (ㅂ, ㄱ, ㄴ, ㄴ); a lone zero as 영.
    let zeros = 0;
    while (i - zeros >= 0 && text[i - zeros] === '0') zeros++;
    const before = text[i - zeros];
    if (before === undefined || !(before >= '0' && before <= '9')) return 21;
    return zeros === 1 ? 17 : zeros === 2 ? 1 : 4;
  }
  // 퍼센트 ends in a vowel.
  if (ch === '%') return 0;
  const lower = ch.toLowerCase();
  if (lower >= 'a' && lower <= 'z') return LATIN_FINAL[lower] ?? 0;
  return undefined;
}

/** Replaces every paired particle in a Korean text with the form its preceding word takes. */
export function chooseParticles(text: string): string {
  if (!text.includes('(')) return text;
  return text.replace(MARKER, (marker: string, _m: string, offset: number) => {
    const final = finalConsonant(text, offset);
    if (final === undefined) return marker;
    if (marker === '(으)로') return final === 0 || final === 8 ? '로' : '으로';
    const pair = PAIRS.find(([written]) => written === marker)!;
    return final === 0 ? pair[2] : pair[1];
  });
}
