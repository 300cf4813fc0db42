import type { DelayCategory } from '../domain/delays.js';
import type { Category, Localized } from '../domain/types.js';
import { L } from './catalogue.js';

/** What officials write on demo events: public notes, decisions, and a few private working notes. */

export const STAGE_START_NOTES: readonly Localized[] = [
  L('검토 착수', 'Review started'),
  L('담당자 배정 후 검토 시작', 'Started after assignment'),
  L('접수 서류 확인 중', 'Checking the documents received'),
];

export const STAGE_DONE_NOTES: readonly Localized[] = [
  L('검토 결과 이상 없음', 'No issues found'),
  L('관계 법령 기준 충족 확인', 'Meets the statutory criteria'),
  L('검토 완료', 'Review complete'),
];

export const DECISION_START_NOTES: readonly Localized[] = [L('결재 상신', 'Submitted for decision'), L('검토 의견 첨부하여 결재 요청', 'Sent for decision with the review notes')];

/** `{unit}` is the consulted unit's name. */
export const SENT_TO_UNIT_NOTES: readonly Localized[] = [
  L('{unit}에 협의 요청', 'Sent to {unit} for consultation'),
  L('{unit} 의견 조회', "Asked for {unit}'s opinion"),
];

export const CONSULTATION_ANSWERS: readonly Localized[] = [
  L('협의 의견: 이견 없음', 'Opinion: no objection'),
  L('협의 의견: 조건부 동의 (공사 중 보행 안전시설 설치)', 'Opinion: agreed, with pedestrian safety measures during works'),
  L('협의 의견: 동의 (우수 배제 계획 보완 권고)', 'Opinion: agreed; storm-water plan should be improved'),
  L('협의 의견: 관련 기준 충족', 'Opinion: meets the relevant standards'),
];

export const CONSULTATION_REQUEST_NOTES: readonly Localized[] = [
  L('관련 부서 의견 조회', 'Opinion requested from a related division'),
  L('소관 법령 저촉 여부 확인 요청', 'Asked whether the rules it administers are met'),
];

export const INSPECTION_NOTES: readonly Localized[] = [
  L('현장 확인 결과 신청 내용과 일치', 'Site matches the application'),
  L('현장 조사 실시, 경미한 차이 확인 (보완 불요)', 'Site visited; minor differences, no supplement needed'),
  L('현장 점검 완료, 안전시설 적정', 'Inspection done; safety measures adequate'),
  L('신청인 입회하에 현장 확인', 'Site checked with the applicant present'),
];

/** `{doc}` is the missing document's name. */
export const SUPPLEMENT_NOTES: readonly Localized[] = [
  L('{doc} 보완 요청', 'Supplement requested: {doc}'),
  L('서류 보완 요청 ({doc})', 'Documents requested ({doc})'),
];

export const SUPPLEMENT_MESSAGES: readonly Localized[] = [
  L('{doc}의 내용이 신청 내용과 일치하지 않습니다. 수정하여 14일 이내에 제출해 주십시오.', 'The {doc} does not match the application. Please submit a corrected one within 14 days.'),
  L('{doc}가 누락되었습니다. 14일 이내에 제출해 주십시오.', 'The {doc} is missing. Please submit it within 14 days.'),
  L('{doc}의 서명이 누락되었습니다. 서명본을 제출해 주십시오.', 'The {doc} is not signed. Please submit a signed copy.'),
];

export const APPLICANT_SUPPLEMENT_MESSAGES: readonly Localized[] = [
  L('요청하신 서류를 제출합니다.', 'Please find the requested document attached.'),
  L('수정본 제출합니다. 확인 부탁드립니다.', 'Corrected version attached.'),
];

export const REASSIGN_REASONS: readonly Localized[] = [
  L('담당자 장기 휴가로 재배정', 'Reassigned: officer on extended leave'),
  L('업무량 조정에 따른 재배정', 'Reassigned to balance the workload'),
  L('이해충돌 신고에 따른 재배정', 'Reassigned after a declared conflict of interest'),
  L('담당자 인사이동', 'Reassigned: officer transferred'),
];

/** Delay reasons as an office records them: a category from the fixed list, and a few words of its own. */
export const DELAY_REASONS: readonly { category: DelayCategory; text: Localized }[] = [
  { category: 'waiting_other_body', text: L('관계 부서 협의 회신 지연', 'Waiting for another department’s opinion') },
  { category: 'workload', text: L('담당자 장기 휴가로 검토 지연', 'Review delayed: officer on extended leave') },
  { category: 'site_inspection', text: L('현장 확인 일정 재조정', 'Site visit had to be rescheduled') },
  { category: 'workload', text: L('신청 건수 급증으로 처리 지연', 'A surge in applications delayed the review') },
  { category: 'legal_question', text: L('구조 안전 검토에 추가 시간 필요', 'The structural safety review needed more time') },
];

export const EXTENSION_REASONS: readonly Localized[] = [
  L('전문가 자문이 필요하여 처리기간 연장', 'Extended: an outside expert’s advice is needed'),
  L('관계 법령 해석 질의에 따른 연장', 'Extended pending a ruling on how the law applies'),
  L('민원인 요청에 따른 현장 재조사', 'Extended for a second site inspection the applicant asked for'),
];

export const TRANSFER_REASONS: readonly Localized[] = [
  L('소관 부서가 아님', 'Not this department’s responsibility'),
  L('도로 점용이 주된 사항으로 판단됨', 'Mainly a matter of road occupancy'),
  L('건축 관련 사항으로 판단되어 반송', 'Sent back: judged to be a building matter'),
  L('관련 부서에서 처리하는 것이 타당함', 'Better handled by the related department'),
];

export const INTERNAL_NOTES: readonly Localized[] = [
  L('신청인과 통화하여 처리 일정 안내', 'Phoned the applicant about the timetable'),
  L('관련 민원 이력 확인함', 'Checked earlier applications for the same site'),
  L('팀장 검토 후 진행', 'Proceeding after the team leader reviewed it'),
];

export const WITHDRAWAL_NOTES: readonly Localized[] = [
  L('신청인 취하서 접수', "Applicant's withdrawal letter received"),
  L('신청인 요청에 따라 취하 처리', 'Withdrawn at the applicant’s request'),
];

export const REDRESS: Localized = L(
  '이 처분에 이의가 있으면 처분이 있음을 안 날부터 90일 이내에 행정심판을 청구하거나 행정소송을 제기할 수 있습니다 (행정심판법 제27조, 행정소송법 제20조).',
  'If you disagree, you may bring an administrative appeal or an administrative lawsuit within 90 days of learning of this decision (Administrative Appeals Act art. 27; Administrative Litigation Act art. 20).',
);

const GENERAL_CONDITIONS: readonly Localized[] = [
  L('공사 중 소음·분진 저감 대책을 이행할 것', 'Keep noise and dust down during works'),
  L('착공 전 관할 부서에 착공신고를 할 것', 'Notify the start of works before starting'),
  L('허가 조건 이행 결과를 30일 이내에 보고할 것', 'Report on these conditions within 30 days'),
];

const CONDITIONS: Partial<Record<Category, readonly Localized[]>> = {
  building: [L('공사 중 보행자 통로를 확보할 것', 'Keep a pedestrian way open during works'), L('인접 대지 경계에서 1m 이상 띄울 것', 'Keep at least 1 m from the neighbouring lot')],
  roads: [L('야간 작업 시 안전 표지판과 경광등을 설치할 것', 'Put up signs and warning lights when working at night'), L('점용 종료 후 원상복구할 것', 'Restore the road when the occupation ends')],
  food: [L('영업 개시 전 위생교육을 이수할 것', 'Complete hygiene training before opening'), L('주방 배기시설을 보완할 것', 'Improve the kitchen extraction')],
  advertising: [L('야간 조명은 23시 이후 소등할 것', 'Switch off lighting after 23:00'), L('허가 기간 만료 시 자진 철거할 것', 'Remove the sign when the permit expires')],
  environment: [L('방지시설 가동 일지를 기록·보존할 것', 'Keep an operating log of the abatement equipment'), L('분기별 자가측정 결과를 제출할 것', 'Submit self-monitoring results every quarter')],
  housing: [L('이주 대책을 착공 전에 완료할 것', 'Complete relocation before construction starts'), L('공공기여 시설을 준공 전에 설치할 것', 'Build the public-contribution facilities before completion')],
  transport: [L('진출입로에 가감속 차로를 설치할 것', 'Build acceleration and deceleration lanes at the entrances'), L('공사 차량 운행 시간을 제한할 것', 'Restrict construction traffic hours')],
};

const REJECTIONS: Partial<Record<Category, readonly Localized[]>> = {
  building: [L('건축선 후퇴 기준 미충족 (건축법 제46조)', 'Building line setback not met (Building Act art. 46)'), L('주차대수 기준 미달', 'Too few parking spaces for the floor area'), L('보완 요청 기한 내 서류 미제출', 'Requested documents not supplied in time')],
  roads: [L('보행 안전 확보 곤란', 'Pedestrian safety cannot be ensured'), L('동일 구간 기허가 공사와 중복', 'Overlaps works already permitted on the same section')],
  food: [L('건축물 용도가 영업 용도에 부적합', 'The building’s registered use does not allow this business'), L('시설 기준 미충족', 'Premises do not meet the facility standards')],
  advertising: [L('표시 면적 기준 초과', 'Display area exceeds the limit'), L('신호등 주변 설치 제한 구역', 'Too close to traffic signals')],
  commerce: [L('기존 소매인과의 거리 기준(50m) 미충족', 'Less than 50 m from an existing retailer'), L('상권영향평가서 보완 미이행', 'Impact assessment not completed as requested')],
  real_estate: [L('결격사유 해당', 'Applicant is disqualified'), L('토지 이용목적이 허가 기준에 부적합', 'Intended use does not meet the permit criteria')],
  health: [L('시설 기준 미충족', 'Premises do not meet the facility standards'), L('의료인력 기준 미달', 'Not enough qualified staff')],
  environment: [L('방지시설 처리 효율 부족', 'Abatement efficiency too low'), L('입지 제한 지역', 'The site is in a restricted zone')],
  transport: [L('교통처리 대책 미흡', 'Traffic mitigation measures inadequate'), L('진출입 동선이 간선도로 교통에 지장', 'Access would obstruct traffic on the arterial road')],
  housing: [L('정비계획과 불일치', 'Inconsistent with the redevelopment plan'), L('세입자 이주대책 미흡', "Tenants' relocation plan inadequate")],
  land: [L('주변 토지이용과 부조화', 'Out of keeping with the surrounding land use'), L('배수 대책 미흡', 'Drainage measures inadequate')],
  culture: [L('안전 기준 미충족', 'Safety standards not met'), L('사업계획의 실현 가능성 부족', 'Business plan not shown to be feasible')],
};

const GENERAL_REJECTIONS: readonly Localized[] = [
  L('관계 법령에 따른 허가 기준 미충족', 'Does not meet the statutory criteria'),
  L('보완 요청 기한 내 서류 미제출', 'Requested documents not supplied in time'),
];

export function conditionsFor(category: Category): readonly Localized[] {
  return [...(CONDITIONS[category] ?? []), ...GENERAL_CONDITIONS];
}

export function rejectionsFor(category: Category): readonly Localized[] {
  return REJECTIONS[category] ?? GENERAL_REJECTIONS;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
