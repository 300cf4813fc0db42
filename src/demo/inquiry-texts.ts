import type { Category, DecisionOutcome, Localized, PeriodUnitName } from '../domain/types.js';
import { L } from './catalogue.js';

/**
 * What residents and applicants ask about demo applications, and what the responsible unit answers. Placeholders:
 * `{stage}` the active stage's name, `{days}` calendar days it has been active, `{expected}` its expected working
 * time with its unit (`periodWords`), `{statutory}` the procedure's statutory period, `{fee}` its fee in words.
 */

/** What a text needs to know about the case it is asked about, at the moment it is asked. */
export interface InquiryCase {
  open: boolean;
  /** The office waits for documents from the applicant. */
  awaiting: boolean;
  outcome: DecisionOutcome | null;
  category: Category;
  /** The stage active when the question is asked (open cases), and for how many calendar days. */
  stage: Localized | null;
  days: number;
}

export interface InquiryTemplate {
  kind: 'question' | 'objection';
  /** How often it is picked among the templates that fit (1 when absent). */
  weight?: number;
  fits: (c: InquiryCase) => boolean;
  question: Localized;
  answers: readonly Localized[];
}

const CONSTRUCTION: readonly Category[] = ['building', 'housing', 'roads', 'land', 'environment'];
const PREMISES: readonly Category[] = ['food', 'commerce', 'culture', 'health'];
const slowStage = (c: InquiryCase) => c.open && !c.awaiting && c.stage !== null && c.days >= 14;

/** Public questions and objections residents ask (signed in by e-mail). */
export const PUBLIC_TEMPLATES: readonly InquiryTemplate[] = [
  {
    kind: 'question',
    weight: 4,
    fits: slowStage,
    question: L('{stage} 단계가 왜 {days}일째 진행 중인가요? 안내된 처리 기간은 {expected}입니다.', 'Why has the {stage} taken {days} days? The procedure gives it {expected}.'),
    answers: [
      L(
        '관계 부서 의견 조회와 현장 확인 일정이 겹쳐 {stage} 단계가 늦어지고 있습니다. 지연 사유는 처리 기록에 남겼으며, 2주 안에 마무리할 예정입니다.',
        'The {stage} is late because a consultation with another division and the site visit fell in the same weeks. The reason for the delay is on the record, and we expect to finish the stage within two weeks.',
      ),
      L(
        '제출된 도면과 현장이 일부 달라 확인에 시간이 걸렸습니다. 확인은 끝났고 다음 단계로 넘어갈 예정입니다. 늦어진 점 양해 부탁드립니다.',
        'Some drawings did not match the site and checking them took time. That check is now done and the case moves to the next stage shortly. We apologise for the delay.',
      ),
    ],
  },
  {
    kind: 'question',
    weight: 3,
    fits: (c) => c.awaiting && c.days >= 14,
    question: L('이 신청은 왜 몇 주째 진행이 없나요?', 'Why has nothing happened on this application for weeks?'),
    answers: [
      L(
        '신청인에게 보완 서류를 요청했고 아직 받지 못했습니다. 서류가 도착하는 대로 검토를 이어 가며, 진행 상황은 이 페이지에 기록됩니다.',
        'We asked the applicant for further documents and have not received them yet. The review continues as soon as they arrive, and every step is recorded on this page.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => c.open,
    question: L('이 신청은 언제쯤 결정되나요?', 'When is a decision on this application expected?'),
    answers: [
      L(
        '법정 처리 기간은 {statutory}일이며, 보완 요청이 없으면 그 안에 결정합니다. 단계가 진행될 때마다 이 페이지에 기록됩니다.',
        'The statutory period is {statutory} working days, and unless the applicant has to supply more documents we will decide within it. Every step is recorded on this page as it happens.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => c.open,
    question: L('결정 전에 주민이 의견을 낼 수 있나요?', 'Can neighbours comment on this application before it is decided?'),
    answers: [
      L(
        '네. 이 페이지에서 제기된 의견과 이의는 담당자에게 전달되어 검토에 반영되며, 결정문에서 주요 의견에 대한 판단을 밝힙니다.',
        'Yes. Questions and objections raised on this page go to the official in charge and are considered in the review; the decision will say how the main objections were weighed.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => CONSTRUCTION.includes(c.category),
    question: L('공사 시간이 제한되나요? 바로 옆집에 어린아이가 있습니다.', 'Will the construction hours be limited? We live next door and have a small child.'),
    answers: [
      L(
        '소음·진동관리법에 따라 주거지역에서는 평일 07:00~18:00, 토요일 08:00~17:00에만 소음이 나는 작업을 할 수 있고 일요일과 공휴일에는 할 수 없습니다. 허가 시 이 조건을 붙이며, 위반은 환경과에 신고해 주십시오.',
        'Under the noise rules, noisy work next to homes is allowed only 07:00–18:00 on weekdays and 08:00–17:00 on Saturdays, never on Sundays or public holidays. Any permit will carry this condition; please report breaches to the environment division.',
      ),
    ],
  },
  {
    kind: 'objection',
    fits: (c) => c.category === 'building' || c.category === 'housing',
    question: L('북쪽 저희 아파트의 오후 일조를 가리게 되어 이의를 제기합니다.', 'I object: the new building would block the afternoon sun to our flats on its north side.'),
    answers: [
      L(
        '일조 확보를 위한 정북방향 이격거리와 높이 제한을 도면으로 다시 확인했습니다. 계획은 기준을 충족하며, 제기하신 의견은 심의 자료에 첨부했습니다.',
        'We checked the plans again against the daylight rules (distance from the northern boundary and height limits). The design meets them; your objection is attached to the review file.',
      ),
      L(
        '검토 결과 북측 일부 세대의 일조 시간이 기준에 못 미쳐, 신청인에게 상층부 후퇴 설계로 보완하도록 요청했습니다.',
        'The review found that some flats to the north would fall below the daylight standard, so we asked the applicant to revise the design with the upper floors set back.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => CONSTRUCTION.includes(c.category),
    question: L('골목이 좁은데 공사 차량 주차와 통행은 어떻게 관리되나요?', 'The lane is narrow. How will construction vehicles and parking be handled?'),
    answers: [
      L(
        '착공 전에 교통처리계획을 제출해야 하며, 대형 차량은 등하교 시간에 진입할 수 없도록 조건을 붙일 예정입니다.',
        'The applicant must file a traffic management plan before works start, and large vehicles will not be allowed in at school run times.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => PREMISES.includes(c.category),
    question: L('영업시간은 어떻게 되나요? 가게가 저희 집 창문 바로 아래입니다.', 'What will the opening hours be? The premises are right under our windows.'),
    answers: [
      L(
        '영업시간은 허가 사항이 아니지만, 22시 이후에는 생활소음 기준이 적용되고 위반 시 점검 후 개선명령을 내립니다.',
        'Opening hours are not part of the licence, but the night-time noise limits apply from 22:00; if they are broken we inspect and order improvements.',
      ),
    ],
  },
  {
    kind: 'objection',
    fits: (c) => c.category === 'food' || c.category === 'commerce',
    question: L('이 거리에는 이미 밤늦게까지 소음이 심합니다. 영업소가 하나 더 생기는 데 반대합니다.', 'I object to another late-night business on this street: the noise at night is already a problem.'),
    answers: [
      L(
        '업소 수만을 이유로 신고를 거부할 수는 없습니다. 다만 의견을 반영해 개업 후 야간 소음 점검을 계획했고, 배기 덕트는 주택 반대 방향으로 설치하도록 했습니다.',
        'A licence cannot be refused for the number of businesses alone. Because of your objection we have planned night-time noise checks after opening, and the exhaust duct must face away from the homes.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => c.category === 'advertising',
    question: L('간판 크기는 얼마이며 밤에도 불이 켜지나요?', 'How big is the sign, and will it be lit at night?'),
    answers: [
      L(
        '간판 면적은 조례 한도 안이며, 조명은 23시 이후 소등해야 합니다. 점멸 조명은 허용되지 않습니다.',
        'The sign is within the by-law limits for its area, and its lighting must be off after 23:00. Flashing lights are not allowed.',
      ),
    ],
  },
  {
    kind: 'question',
    weight: 0.4,
    fits: () => true,
    question: L('제출된 도면을 볼 수 있나요?', 'Can I see the drawings that were submitted?'),
    answers: [
      L(
        '제출 서류에는 개인정보가 있어 공개하지 않습니다. 배치도는 예약 후 민원실에서 열람할 수 있습니다.',
        'Documents filed with an application are not published because they contain personal data. You can look at the site plan at the counter by appointment.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => c.outcome === 'rejected',
    question: L('이 신청은 왜 불허되었나요? 사유가 너무 짧습니다.', 'Why was this application rejected? The reasons given are very short.'),
    answers: [
      L(
        '결정문의 사유가 핵심입니다. 관계 법령의 기준을 충족하지 못했으며, 신청인은 보완하여 다시 신청하거나 90일 안에 행정심판을 청구할 수 있습니다.',
        'The reasons in the decision are the substance: the application did not meet the statutory criteria. The applicant may apply again with the gaps filled, or appeal within 90 days.',
      ),
    ],
  },
  {
    kind: 'question',
    weight: 0.6,
    fits: (c) => c.outcome === 'approved' || c.outcome === 'approved_with_conditions',
    question: L('허가 전에 주민 의견은 검토되었나요?', 'Were the neighbours’ objections considered before this was approved?'),
    answers: [
      L(
        '네. 접수된 의견은 모두 검토했고, 그중 공사 시간과 차량 통행에 관한 의견은 허가 조건에 반영했습니다.',
        'Yes. Every objection received was reviewed, and those about construction hours and traffic became conditions of the approval.',
      ),
    ],
  },
];

/** A resident reports being told of an unofficial fee (the page points them to the reporting channel); `{fee}` needs a fee. */
export const CORRUPTION_TEMPLATE: InquiryTemplate = {
  kind: 'question',
  fits: () => true,
  question: L('이 건을 빨리 처리하려면 급행료를 내야 한다는 말을 들었습니다. 사실인가요?', 'I was told the owner had to pay an unofficial fee to get this through faster. Is that true?'),
  answers: [
    L(
      '사실이 아닙니다. 이 민원에 드는 비용은 {fee}뿐이며 공식 수납 창구로만 냅니다. 그 밖의 금품 요구는 불법입니다. 제보하신 내용은 감사실에 전달했습니다.',
      'No. The only charge is {fee}, paid through the official channel; asking for anything else is illegal. We have passed your report to the audit office.',
    ),
  ],
};

/** Private questions the applicant asks with the access code: only the unit, the auditors and the applicant read them. */
export const PRIVATE_TEMPLATES: readonly InquiryTemplate[] = [
  {
    kind: 'question',
    fits: (c) => c.open,
    question: L('은행 대출 때문에 이달 말까지 결정이 필요합니다. 가능할까요?', 'I need the decision for my bank loan by the end of this month. Is that possible?'),
    answers: [
      L(
        '날짜를 약속드릴 수는 없지만 남은 검토는 많지 않습니다. 결정되면 바로 이메일로 알려 드립니다.',
        'We cannot promise a date, but little of the review is left. You will get an e-mail as soon as the decision is made.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: (c) => c.outcome === 'approved' || c.outcome === 'approved_with_conditions',
    question: L('허가증은 우편으로 받을 수 있나요, 아니면 직접 가야 하나요?', 'Can the permit certificate be posted to me, or do I have to collect it?'),
    answers: [
      L(
        '신청서에 적으신 주소로 등기우편을 보냈습니다. 일주일 안에 도착하지 않으면 민원실로 연락해 주십시오.',
        'We sent it by registered post to the address on your application. If it has not arrived within a week, please call the counter.',
      ),
    ],
  },
  {
    kind: 'question',
    weight: 0.7,
    fits: () => true,
    question: L('휴대전화 번호가 바뀌었습니다. 앞으로는 010-0{phone}으로 연락 주세요.', 'My mobile number has changed; please call me on 010-0{phone} from now on.'),
    answers: [L('연락처를 민원 기록에 반영했습니다. 감사합니다.', 'Thank you, we have updated the contact details in the file.')],
  },
  {
    kind: 'question',
    fits: (c) => c.open,
    question: L('보완 서류를 방문하지 않고 이메일로 보내도 되나요?', 'Can I send the missing document by e-mail instead of coming to the counter?'),
    answers: [
      L(
        '신청인 페이지에서 접근 코드로 로그인한 뒤 올리시면 됩니다. 이메일로 받은 서류는 접수로 인정되지 않습니다.',
        'Please upload it on your applicant page after signing in with your access code; documents sent by e-mail do not count as filed.',
      ),
    ],
  },
  {
    kind: 'question',
    fits: () => true,
    question: L('구청을 안다는 사람이 처리를 앞당겨 주겠다며 사례금을 요구했습니다.', 'Someone who claimed to know people at the office asked me for an unofficial fee to speed up my application.'),
    answers: [
      L(
        '우리 부서 누구도 법정 수수료 외의 돈을 요구할 수 없습니다. 제보 내용은 감사실에 전달했으니, 받은 문자나 메시지를 보관해 주십시오.',
        'Nobody in this department may ask for anything beyond the statutory fee. We have passed your report to the audit office; please keep any messages you received.',
      ),
    ],
  },
];

/** An objection that named a neighbour and gave a phone number; the unit redacts both, with the reason published. */
export const REDACTED_OBJECTION = {
  kind: 'objection' as const,
  original: L(
    '이의를 제기합니다. 토지 소유자 김철수 씨(010-0456-7788)는 이미 이 땅에서 무허가 야적장을 운영하고 있습니다.',
    'I object. The owner, Kim Cheol-su (010-0456-7788), already runs an unlicensed storage yard on this land.',
  ),
  redacted: L(
    '이의를 제기합니다. 토지 소유자 [이름 삭제] 씨([전화번호 삭제])는 이미 이 땅에서 무허가 야적장을 운영하고 있습니다.',
    'I object. The owner, [name removed] ([phone number removed]), already runs an unlicensed storage yard on this land.',
  ),
  reason: L('개인의 이름과 전화번호를 삭제함', 'A private person’s name and phone number removed'),
  answer: L(
    '현장을 확인한 결과 자재가 쌓여 있어 소유자에게 정리를 요구했습니다. 이 신청의 심사에서도 토지 이용 현황을 확인합니다.',
    'We visited the site, found materials stored there and told the owner to clear them. The review of this application checks how the land is used as well.',
  ),
};

/** How a procedure's (non-zero) fee reads in an answer. */
export function feeWords(feeKrw: number, lang: 'ko' | 'en'): string {
  const amount = String(feeKrw).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return lang === 'ko' ? `법정 수수료 ${amount}원` : `the statutory fee of ₩${amount}`;
}

/** A stage's expected time in words: "1 working day", "4 working hours", "10 calendar days"; in Korean "1일", "4시간". */
export function periodWords(n: number, unit: PeriodUnitName | undefined, lang: 'ko' | 'en'): string {
  if (lang === 'ko') return unit === 'working_hours' ? `${n}시간` : `${n}일`;
  const noun = unit === 'working_hours' ? 'working hour' : unit === 'calendar_days' ? 'calendar day' : 'working day';
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
