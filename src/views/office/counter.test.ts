import { describe, expect, it } from 'vitest';
import { counterGroups } from './counter.js';

const p = (j: string, jko: string, ko: string, en: string) => ({ name: { ko, en }, jurisdiction: { code: j, name: { ko: jko, en: jko }, main_locale: 'ko' as const, time_zone: 'Asia/Seoul' } });
const list = [p('SB', '서부구', '옥외광고물 허가', 'Outdoor advertising'), p('CITY', '하늘시', '도로 점용 허가', 'Road occupancy'), p('DB', '동부구', '건축 허가', 'Building permit'), p('DB', '동부구', '개발행위 허가', 'Development'), p('SB', '서부구', '건축 신고', 'Building report')];

describe('the procedures a counter clerk chooses from', () => {
  it.each<[string, string | undefined, string[][]]>([
    ['the clerk’s own jurisdiction first, then the others by name, each sorted', 'SB', [['건축 신고', '옥외광고물 허가'], ['개발행위 허가', '건축 허가'], ['도로 점용 허가']]],
    ['another clerk’s own first', 'CITY', [['도로 점용 허가'], ['개발행위 허가', '건축 허가'], ['건축 신고', '옥외광고물 허가']]],
    ['no jurisdiction known: by name only', undefined, [['개발행위 허가', '건축 허가'], ['건축 신고', '옥외광고물 허가'], ['도로 점용 허가']]],
  ])('%s', (_name, own, expected) => {
    expect(counterGroups(list, own, 'ko').map((g) => g.map((x) => x.name.ko))).toEqual(expected);
  });
});
