import type { Localized } from '../domain/types.js';
import type { Rng } from './random.js';

/**
 * Fictional people and businesses for the demo: Korean names with their usual romanisation, businesses named
 * after the demo city's places, and contact details in ranges nobody owns (`example.*` domains, `010-0xxx`
 * mobile numbers, which Korean carriers do not issue).
 */

const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['김', 'Kim', 21], ['이', 'Lee', 15], ['박', 'Park', 8], ['최', 'Choi', 5], ['정', 'Jung', 5], ['강', 'Kang', 2],
  ['조', 'Cho', 2], ['윤', 'Yoon', 2], ['장', 'Jang', 2], ['임', 'Lim', 2], ['한', 'Han', 1], ['오', 'Oh', 1],
  ['서', 'Seo', 1], ['신', 'Shin', 1], ['권', 'Kwon', 1], ['황', 'Hwang', 1], ['안', 'Ahn', 1], ['송', 'Song', 1],
  ['전', 'Jeon', 1], ['홍', 'Hong', 1], ['유', 'Yoo', 1], ['고', 'Ko', 1], ['문', 'Moon', 1], ['양', 'Yang', 1],
  ['손', 'Son', 1], ['배', 'Bae', 1], ['백', 'Baek', 1], ['허', 'Heo', 1], ['남', 'Nam', 1], ['노', 'Noh', 1],
];

const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['민준', 'Min-jun'], ['서준', 'Seo-jun'], ['도윤', 'Do-yun'], ['예준', 'Ye-jun'], ['시우', 'Si-woo'],
  ['하준', 'Ha-jun'], ['지호', 'Ji-ho'], ['주원', 'Ju-won'], ['지후', 'Ji-hu'], ['준우', 'Jun-woo'],
  ['현우', 'Hyun-woo'], ['건우', 'Geon-woo'], ['우진', 'Woo-jin'], ['선우', 'Seon-woo'], ['서진', 'Seo-jin'],
  ['민재', 'Min-jae'], ['현준', 'Hyun-jun'], ['연우', 'Yeon-woo'], ['유준', 'Yu-jun'], ['정우', 'Jung-woo'],
  ['서연', 'Seo-yeon'], ['서윤', 'Seo-yoon'], ['지우', 'Ji-woo'], ['서현', 'Seo-hyun'], ['하은', 'Ha-eun'],
  ['하윤', 'Ha-yoon'], ['민서', 'Min-seo'], ['지유', 'Ji-yu'], ['윤서', 'Yoon-seo'], ['채원', 'Chae-won'],
  ['지민', 'Ji-min'], ['수아', 'Su-a'], ['지아', 'Ji-a'], ['다은', 'Da-eun'], ['은서', 'Eun-seo'],
  ['예은', 'Ye-eun'], ['수빈', 'Su-bin'], ['영희', 'Young-hee'], ['성민', 'Sung-min'], ['혜진', 'Hye-jin'],
  ['상훈', 'Sang-hoon'], ['경수', 'Kyung-soo'], ['미영', 'Mi-young'], ['동현', 'Dong-hyun'], ['은지', 'Eun-ji'],
  ['재원', 'Jae-won'], ['승현', 'Seung-hyun'], ['나연', 'Na-yeon'], ['태호', 'Tae-ho'], ['보람', 'Bo-ram'],
  ['정민', 'Jung-min'], ['소영', 'So-young'], ['진호', 'Jin-ho'], ['명숙', 'Myung-sook'], ['광수', 'Kwang-soo'],
];

/** Names of residents who write in English (foreign residents and firms' agents). */
const FOREIGN_NAMES: readonly string[] = [
  'Emily Carter', 'Daniel Okafor', 'Sofia Martins', 'Lukas Becker', 'Amelia Wright', 'Nguyen Thi Lan',
  'Rahul Mehta', 'Chloé Dubois', 'Mateo García', 'Hannah Schmidt', 'Olivia Brown', 'Tomás Silva',
];

export function koreanName(rng: Rng): Localized {
  const [sk, se] = rng.weighted(SURNAMES.map(([k, e, w]) => [[k, e] as const, w] as const));
  const [gk, ge] = rng.pick(GIVEN_NAMES);
  return { ko: sk + gk, en: `${se} ${ge}` };
}

/** Place words the demo city names its shops and firms after. */
export const NAME_STEMS: readonly (readonly [string, string])[] = [
  ['하늘', 'Haneul'], ['솔빛', 'Solbit'], ['노을', 'Noeul'], ['달빛', 'Dalbit'], ['새벽', 'Saebyeok'],
  ['은행나무', 'Ginkgo'], ['푸른숲', 'Green Forest'], ['별빛', 'Starlight'], ['한결', 'Hangyeol'], ['다온', 'Daon'],
  ['온누리', 'Onnuri'], ['새봄', 'Saebom'], ['마루', 'Maru'], ['가람', 'Garam'], ['나래', 'Narae'], ['동산', 'Dongsan'],
];

const COMPANY_KINDS: readonly (readonly [string, string, string])[] = [
  ['종합건설', 'General Construction', 'construction'], ['개발', 'Development', 'development'],
  ['산업', 'Industries', 'industries'], ['디앤씨', 'D&C', 'dnc'], ['에너지', 'Energy', 'energy'],
  ['유통', 'Retail', 'retail'], ['물류', 'Logistics', 'logistics'], ['환경', 'Environmental', 'enviro'],
  ['건축사사무소', 'Architects', 'architects'], ['엔지니어링', 'Engineering', 'engineering'],
];

export interface Applicant {
  name: string;
  email: string | null;
  phone: string | null;
}

function mobile(rng: Rng): string {
  return `010-0${rng.int(100, 999)}-${rng.int(1000, 9999)}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** A fictional firm: Korean and English trade names and a web domain of its own under `example`. */
export function company(rng: Rng): { name: Localized; domain: string } {
  const [sk, se] = rng.pick(NAME_STEMS);
  const [kk, ke, kslug] = rng.pick(COMPANY_KINDS);
  return { name: { ko: `(주)${sk}${kk}`, en: `${se} ${ke} Co., Ltd.` }, domain: `${slug(se)}-${kslug}.example` };
}

/** An architect or consultancy named on a public field. */
export function firmName(rng: Rng, lang: 'ko' | 'en'): string {
  const [sk, se] = rng.pick(NAME_STEMS);
  const [kk, ke] = rng.pick(COMPANY_KINDS.filter(([, , s]) => s === 'architects' || s === 'engineering'));
  return lang === 'ko' ? `${sk}${kk}` : `${se} ${ke}`;
}

/** The private party behind an application: a person (often) or a firm, with contact details. */
export function applicant(rng: Rng, lang: 'ko' | 'en'): Applicant {
  const n = rng.int(1, 99);
  if (rng.chance(0.35)) {
    const firm = company(rng);
    return {
      name: lang === 'ko' ? firm.name.ko : firm.name.en,
      email: rng.chance(0.9) ? `permits${n}@${firm.domain}` : null,
      phone: rng.chance(0.8) ? `02-0${rng.int(100, 999)}-${rng.int(1000, 9999)}` : null,
    };
  }
  if (lang === 'en' && rng.chance(0.4)) {
    const name = rng.pick(FOREIGN_NAMES);
    return { name, email: `${slug(name)}${n}@example.org`, phone: rng.chance(0.7) ? mobile(rng) : null };
  }
  const person = koreanName(rng);
  const [family, given] = person.en.split(' ') as [string, string];
  return {
    name: lang === 'ko' ? person.ko : person.en,
    email: rng.chance(0.85) ? `${slug(given)}.${slug(family)}${n}@example.com` : null,
    phone: rng.chance(0.9) ? mobile(rng) : null,
  };
}
