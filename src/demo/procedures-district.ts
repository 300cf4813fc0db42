import { L, decisionStage, doc, field, gen, stage, type ProcedureTemplate } from './catalogue.js';

/**
 * Procedures the demo districts (Dongbu-gu, Seobu-gu) run, modelled on those Seoul published first in OPEN:
 * building, roads, advertising, food and hygiene, real estate, tobacco, clinics and waste.
 */

const PUBLIC = { required: true, public: true };
const PUBLIC_OPTIONAL = { required: false, public: true };
const PRIVATE = { required: true, public: false };
const PRIVATE_OPTIONAL = { required: false, public: false };

const BUILDING_USES = [
  L('제1종 근린생활시설', 'Class 1 neighbourhood facility'),
  L('제2종 근린생활시설', 'Class 2 neighbourhood facility'),
  L('다세대주택', 'Multi-family house'),
  L('단독주택', 'Detached house'),
  L('업무시설', 'Office'),
  L('공동주택', 'Apartment building'),
  L('창고시설', 'Warehouse'),
];

const RESTAURANTS = [
  L('식당', 'Restaurant'), L('국밥', 'Gukbap'), L('분식', 'Snack Bar'), L('칼국수', 'Kalguksu'), L('치킨', 'Chicken'),
  L('카페', 'Café'), L('고깃집', 'BBQ'), L('초밥', 'Sushi'), L('면옥', 'Noodle House'), L('반찬가게', 'Deli'),
];

export const DISTRICT_PROCEDURES: readonly ProcedureTemplate[] = [
  {
    code: 'building-permit',
    category: 'building',
    unit: 'BUILD',
    jurisdictions: ['DB', 'SB'],
    name: L('건축허가', 'Building permit'),
    purpose: L(
      '건축물을 건축하거나 대수선하려는 자가 착공 전에 받아야 하는 허가입니다.',
      'The permission needed before constructing or substantially renovating a building.',
    ),
    legalBasis: L('건축법 제11조', 'Building Act, art. 11'),
    documents: [
      doc('site_plan', '배치도', 'Site plan'),
      doc('floor_plans', '평면도', 'Floor plans'),
      doc('structural_safety', '구조안전 확인서', 'Structural safety certificate'),
      doc('land_rights', '토지 사용권 증명서류', 'Proof of the right to use the land'),
      doc('energy_plan', '에너지 절약계획서', 'Energy saving plan', false),
    ],
    fields: [
      field('use', '주용도', 'Principal use', 'text', PUBLIC, gen.pick(BUILDING_USES)),
      field('floor_area', '연면적(㎡)', 'Gross floor area (m²)', 'number', PUBLIC, gen.area(80, 4800)),
      field('storeys', '층수', 'Storeys', 'number', PUBLIC, gen.int(1, 15)),
      field('site_area', '대지면적(㎡)', 'Site area (m²)', 'number', PUBLIC_OPTIONAL, gen.area(90, 2400)),
      field('architect', '설계자', 'Architect', 'text', PUBLIC, gen.firm()),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE_OPTIONAL, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 27000,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('design_review', '설계도서 검토', 'Design review', 10),
          stage('roads_consultation', '도로·하수 협의', 'Roads and sewerage consultation', 5, { unit: 'ROADS' }),
          decisionStage(2),
        ],
      },
      {
        feeKrw: 27000,
        statutoryDays: 25,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('design_review', '설계도서 검토', 'Design review', 8),
          stage('roads_consultation', '도로·하수 협의', 'Roads and sewerage consultation', 5, { unit: 'ROADS', parallel: true }),
          stage('environment_consultation', '환경 협의', 'Environment consultation', 5, { unit: 'ENV', parallel: true }),
          decisionStage(2),
        ],
      },
    ],
    weight: 14,
    titles: [
      ['{district} {road} {no} {use} 신축', 'New {use_lc}, {no} {road}, {district}'],
      ['{district} {road} {no} {use} 신축', 'New {use_lc}, {no} {road}, {district}'],
      ['{district} {road} {no} {use} 증축', 'Extension ({use_lc}), {no} {road}, {district}'],
      ['{district} {road} {no} {use} 대수선', 'Major renovation ({use_lc}), {no} {road}, {district}'],
    ],
    reviewStage: 'design_review',
    consults: ['DESIGN', 'PLAN'],
    inspections: [],
  },
  {
    code: 'building-use-approval',
    category: 'building',
    unit: 'BUILD',
    jurisdictions: ['DB', 'SB'],
    name: L('건축물 사용승인', 'Building use approval'),
    purpose: L(
      '공사를 마친 건축물을 사용하기 전에 허가 내용대로 지어졌는지 확인받는 절차입니다.',
      'Confirms that a finished building was built as permitted, before anyone may use it.',
    ),
    legalBasis: L('건축법 제22조', 'Building Act, art. 22'),
    documents: [
      doc('completion_report', '공사감리완료보고서', 'Construction supervision completion report'),
      doc('as_built', '공사완료도서', 'As-built drawings'),
      doc('photos', '공사 사진', 'Construction photographs', false),
    ],
    fields: [
      field('use', '주용도', 'Principal use', 'text', PUBLIC, gen.pick(BUILDING_USES)),
      field('permit_number', '건축허가 번호', 'Building permit number', 'text', PUBLIC, (c) => `${c.rng.int(2021, 2024)}-건축과-신축허가-${c.rng.int(10, 999)}`),
      field('floor_area', '연면적(㎡)', 'Gross floor area (m²)', 'number', PUBLIC, gen.area(80, 4800)),
      field('supervisor_firm', '감리자', 'Site supervisor', 'text', PUBLIC, gen.firm()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 7,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('site_inspection', '현장 조사', 'Site inspection', 3),
          decisionStage(1),
        ],
      },
    ],
    weight: 8,
    titles: [
      ['{district} {road} {no} {use} 사용승인', 'Use approval: {use_lc}, {no} {road}, {district}'],
    ],
    reviewStage: 'intake',
    consults: ['ROADS', 'ENV'],
    inspections: ['site_inspection'],
  },
  {
    code: 'demolition-permit',
    category: 'building',
    unit: 'BUILD',
    jurisdictions: ['DB'],
    name: L('건축물 해체허가', 'Building demolition permit'),
    purpose: L(
      '일정 규모 이상의 건축물을 해체하려면 해체계획서를 검토받아 허가를 받아야 합니다.',
      'Demolishing a larger building needs a reviewed demolition plan and a permit.',
    ),
    legalBasis: L('건축물관리법 제30조', 'Building Management Act, art. 30'),
    documents: [
      doc('demolition_plan', '해체계획서', 'Demolition plan'),
      doc('structural_review', '구조안전성 검토서', 'Structural safety review'),
    ],
    fields: [
      field('floor_area', '연면적(㎡)', 'Gross floor area (m²)', 'number', PUBLIC, gen.area(150, 3000)),
      field('storeys', '층수', 'Storeys', 'number', PUBLIC, gen.int(2, 8)),
      field('contractor', '해체공사 업체', 'Demolition contractor', 'text', PUBLIC, gen.firm()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 10,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('plan_review', '해체계획서 검토', 'Demolition plan review', 5),
          decisionStage(1),
        ],
      },
    ],
    weight: 3,
    titles: [['{district} {road} {no} 노후 건축물 해체', 'Demolition of an old building, {no} {road}, {district}']],
    reviewStage: 'plan_review',
    consults: ['ROADS'],
    inspections: ['plan_review'],
  },
  {
    code: 'land-form-change',
    category: 'land',
    unit: 'PLAN',
    jurisdictions: ['DB', 'SB'],
    name: L('개발행위허가(토지형질변경)', 'Land-form change permit'),
    purpose: L(
      '절토·성토·정지 등으로 토지의 형질을 변경하려면 받아야 하는 허가입니다.',
      'Needed before cutting, filling or levelling land to change its form.',
    ),
    legalBasis: L('국토의 계획 및 이용에 관한 법률 제56조', 'National Land Planning and Utilization Act, art. 56'),
    documents: [
      doc('project_plan', '사업계획서', 'Project plan'),
      doc('cadastral_survey', '지적측량성과도', 'Cadastral survey map'),
      doc('drainage_plan', '배수계획서', 'Drainage plan', false),
    ],
    fields: [
      field('area', '개발면적(㎡)', 'Area to be changed (m²)', 'number', PUBLIC, gen.area(200, 9000)),
      field('purpose', '변경 목적', 'Purpose of the change', 'text', PUBLIC, gen.pick([L('주차장 조성', 'Car park'), L('건축물 부지 조성', 'Building site'), L('농지 정리', 'Farmland levelling')])),
      field('cut_fill', '절토·성토량(㎥)', 'Cut and fill volume (m³)', 'number', PUBLIC_OPTIONAL, gen.int(50, 12000, 10)),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 15,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('review', '개발행위 검토', 'Development review', 5),
          stage('roads_consultation', '도로 협의', 'Roads consultation', 5, { unit: 'ROADS', parallel: true }),
          stage('environment_consultation', '환경 협의', 'Environment consultation', 5, { unit: 'ENV', parallel: true }),
          decisionStage(2),
        ],
      },
    ],
    weight: 4,
    titles: [
      ['{district} {dong} {n}번지 일대 토지형질변경 ({purpose})', 'Land-form change ({purpose_lc}) around lot {n}, {dong}, {district}'],
      ['{district} {road} {no} 토지형질변경 ({purpose})', 'Land-form change ({purpose_lc}), {no} {road}, {district}'],
    ],
    reviewStage: 'review',
    consults: ['BUILD', 'LAND'],
    inspections: [],
  },
  {
    code: 'road-occupancy-permit',
    category: 'roads',
    unit: 'ROADS',
    jurisdictions: ['DB', 'SB'],
    name: L('도로점용허가', 'Road occupancy permit'),
    purpose: L(
      '공사용 가설물, 지하 매설물, 노상 시설 등으로 도로를 점용하려면 받아야 하는 허가입니다.',
      'Needed to occupy a road with hoardings, buried utilities or street furniture.',
    ),
    legalBasis: L('도로법 제61조', 'Road Act, art. 61'),
    documents: [
      doc('occupancy_plan', '점용 계획서', 'Occupancy plan'),
      doc('location_map', '위치도', 'Location map'),
      doc('traffic_plan', '교통처리 계획서', 'Traffic management plan', false),
    ],
    fields: [
      field('purpose', '점용 목적', 'Purpose', 'text', PUBLIC, gen.pick([L('공사용 가설울타리', 'Construction hoarding'), L('가스관 매설', 'Gas pipe installation'), L('상수도관 교체', 'Water main replacement'), L('노상 적치', 'Materials storage on the road'), L('통신선로 설치', 'Telecom cable installation')])),
      field('area', '점용 면적(㎡)', 'Area occupied (m²)', 'number', PUBLIC, gen.area(4, 600)),
      field('duration_days', '점용 기간(일)', 'Duration (days)', 'number', PUBLIC, gen.int(3, 365)),
      field('contractor', '시공사', 'Contractor', 'text', PUBLIC_OPTIONAL, gen.firm()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 10,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('review', '점용 검토', 'Occupancy review', 3),
          stage('site_inspection', '현장 확인', 'Site inspection', 2),
          decisionStage(1),
        ],
      },
    ],
    weight: 10,
    titles: [
      ['{district} {road} {no} 앞 도로점용 ({purpose})', 'Road occupancy ({purpose_lc}) outside {no} {road}, {district}'],
      ['{district} {road} {no} 일대 {purpose}', '{purpose} along {road} near no. {no}, {district}'],
    ],
    reviewStage: 'review',
    consults: ['BUILD'],
    inspections: ['site_inspection'],
  },
  {
    code: 'outdoor-advertising-permit',
    category: 'advertising',
    unit: 'DESIGN',
    jurisdictions: ['DB', 'SB'],
    name: L('옥외광고물 표시허가', 'Outdoor advertising permit'),
    purpose: L(
      '일정 규모 이상의 간판과 옥외광고물을 표시하려면 받아야 하는 허가입니다.',
      'Needed before putting up larger signs and outdoor advertisements.',
    ),
    legalBasis: L('옥외광고물 등의 관리와 옥외광고산업 진흥에 관한 법률 제3조', 'Outdoor Advertisements Act, art. 3'),
    documents: [
      doc('design', '광고물 도안', 'Sign design'),
      doc('site_photo', '표시 장소 사진', 'Photograph of the location'),
      doc('structure_calc', '구조계산서', 'Structural calculation', false),
    ],
    fields: [
      field('sign_type', '광고물 종류', 'Type of sign', 'text', PUBLIC, gen.pick([L('돌출간판', 'Projecting sign'), L('옥상간판', 'Rooftop sign'), L('지주이용간판', 'Pole sign'), L('디지털 광고물', 'Digital sign'), L('벽면이용간판', 'Wall sign')])),
      field('area', '표시 면적(㎡)', 'Display area (m²)', 'number', PUBLIC, gen.area(1, 60)),
      field('business_name', '업소명', 'Business name', 'text', PUBLIC, gen.business()),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 10000,
        statutoryDays: 10,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('review', '표시 기준 검토', 'Review against display rules', 3),
          stage('committee', '옥외광고심의위원회 심의', 'Advertising review committee', 5),
          decisionStage(1),
        ],
      },
    ],
    weight: 9,
    titles: [
      ['{district} {road} {no} {biz} {sign_type} 표시', '{sign_type} for {biz}, {no} {road}, {district}'],
    ],
    businessKinds: [L('약국', 'Pharmacy'), L('치과', 'Dental Clinic'), L('학원', 'Academy'), L('부동산', 'Realty'), L('안경원', 'Opticians'), L('마트', 'Mart')],
    reviewStage: 'review',
    consults: ['ROADS', 'BUILD'],
    inspections: [],
  },
  {
    code: 'food-restaurant-licence',
    category: 'food',
    unit: 'FOOD',
    jurisdictions: ['DB', 'SB'],
    name: L('일반음식점 영업신고', 'Food business licence (general restaurant)'),
    purpose: L(
      '음식류를 조리·판매하는 일반음식점을 열려면 영업신고를 해야 합니다.',
      'Anyone opening a restaurant that cooks and sells food must register the business.',
    ),
    legalBasis: L('식품위생법 제37조 제4항', 'Food Sanitation Act, art. 37(4)'),
    documents: [
      doc('hygiene_training', '위생교육 이수증', 'Food hygiene training certificate'),
      doc('health_certificate', '건강진단결과서', 'Health certificate'),
      doc('floor_plan', '영업장 평면도', 'Premises floor plan'),
      doc('water_test', '수질검사 성적서', 'Water quality test report', false),
    ],
    fields: [
      field('business_name', '상호', 'Business name', 'text', PUBLIC, gen.business()),
      field('floor_area', '영업장 면적(㎡)', 'Premises area (m²)', 'number', PUBLIC, gen.area(20, 400)),
      field('seats', '좌석 수', 'Seats', 'number', PUBLIC_OPTIONAL, gen.int(8, 160)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        onlyIn: ['DB'],
        feeKrw: 28000,
        statutoryDays: 3,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('document_check', '구비서류 확인', 'Document verification', 1),
          decisionStage(1),
        ],
      },
      {
        feeKrw: 28000,
        statutoryDays: 5,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('document_check', '구비서류 확인', 'Document verification', 1),
          stage('hygiene_inspection', '위생 점검', 'Hygiene inspection', 2),
          decisionStage(1),
        ],
      },
    ],
    weight: 14,
    titles: [
      ['{district} {road} {no} {biz} 일반음식점', "General restaurant '{biz}', {no} {road}, {district}"],
      ['{biz} 일반음식점 영업신고 ({district} {road} {no})', "Restaurant registration: {biz} ({no} {road}, {district})"],
    ],
    businessKinds: RESTAURANTS,
    reviewStage: 'document_check',
    consults: ['BUILD'],
    inspections: ['hygiene_inspection'],
  },
  {
    code: 'entertainment-business-licence',
    category: 'food',
    unit: 'FOOD',
    jurisdictions: ['DB', 'SB'],
    name: L('유흥주점영업 허가', 'Entertainment business licence'),
    purpose: L(
      '주로 주류를 조리·판매하고 유흥종사자를 두거나 유흥시설을 설치하는 영업은 허가를 받아야 합니다.',
      'Bars with entertainment facilities or hosts need a licence before opening.',
    ),
    legalBasis: L('식품위생법 제37조 제1항', 'Food Sanitation Act, art. 37(1)'),
    documents: [
      doc('hygiene_training', '위생교육 이수증', 'Food hygiene training certificate'),
      doc('floor_plan', '영업장 평면도', 'Premises floor plan'),
      doc('fire_certificate', '소방·방화시설 완비증명서', 'Fire safety compliance certificate'),
      doc('soundproofing', '방음시설 설치 확인서', 'Soundproofing certificate', false),
    ],
    fields: [
      field('business_name', '상호', 'Business name', 'text', PUBLIC, gen.business()),
      field('floor_area', '영업장 면적(㎡)', 'Premises area (m²)', 'number', PUBLIC, gen.area(60, 900)),
      field('rooms', '객실 수', 'Rooms', 'number', PUBLIC_OPTIONAL, gen.int(0, 20)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 28000,
        statutoryDays: 10,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('review', '허가 요건 검토', 'Licensing review', 3),
          stage('building_consultation', '건축물 용도 협의', 'Building use consultation', 3, { unit: 'BUILD', parallel: true }),
          stage('noise_consultation', '소음 협의', 'Noise consultation', 3, { unit: 'ENV', parallel: true }),
          stage('site_inspection', '시설 점검', 'Premises inspection', 2),
          decisionStage(1),
        ],
      },
    ],
    weight: 2,
    titles: [['{district} {road} {no} {biz} 유흥주점', "Entertainment bar '{biz}', {no} {road}, {district}"]],
    businessKinds: [L('라운지', 'Lounge'), L('클럽', 'Club'), L('가요주점', 'Karaoke Bar')],
    reviewStage: 'review',
    consults: ['ROADS'],
    inspections: ['site_inspection'],
  },
  {
    code: 'estate-agent-registration',
    category: 'real_estate',
    unit: 'LAND',
    jurisdictions: ['DB', 'SB'],
    name: L('공인중개사무소 개설등록', 'Estate agent office registration'),
    purpose: L(
      '공인중개사가 중개사무소를 열려면 사무소 소재지 관할 관청에 등록해야 합니다.',
      'A licensed estate agent must register an office with the district where it opens.',
    ),
    legalBasis: L('공인중개사법 제9조', 'Licensed Real Estate Agents Act, art. 9'),
    documents: [
      doc('qualification', '공인중개사 자격증 사본', 'Estate agent qualification certificate'),
      doc('training', '실무교육 수료증', 'Practical training certificate'),
      doc('office_lease', '사무소 임대차계약서', 'Office lease'),
      doc('guarantee', '보증보험 증서', 'Guarantee insurance certificate', false),
    ],
    fields: [
      field('office_name', '사무소 명칭', 'Office name', 'text', PUBLIC, (c) => (c.business ? c.business[c.lang] : '')),
      field('licence_number', '자격증 번호', 'Qualification number', 'text', PRIVATE, gen.licence('AG')),
    ],
    versions: [
      {
        feeKrw: 20000,
        statutoryDays: 7,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('qualification_check', '자격·결격사유 확인', 'Qualification and disqualification check', 3),
          decisionStage(1),
        ],
      },
    ],
    weight: 6,
    titles: [
      ['{biz} 개설등록 ({district} {road} {no})', 'Registration of {biz} ({no} {road}, {district})'],
      ['{district} {road} {no} {biz}', '{biz}, {no} {road}, {district}'],
    ],
    businessKinds: [L('공인중개사사무소', 'Realty'), L('부동산중개', 'Estate Agents')],
    reviewStage: 'qualification_check',
    consults: [],
    inspections: [],
  },
  {
    code: 'tobacco-retail-designation',
    category: 'commerce',
    unit: 'ECON',
    jurisdictions: ['DB', 'SB'],
    name: L('담배소매인 지정', 'Tobacco retailer designation'),
    purpose: L(
      '담배를 소매로 판매하려면 다른 소매인과의 거리 기준 등을 충족하여 지정을 받아야 합니다.',
      'Selling tobacco at retail needs a designation, which checks the distance to other retailers.',
    ),
    legalBasis: L('담배사업법 제16조', 'Tobacco Business Act, art. 16'),
    documents: [
      doc('business_registration', '사업자등록증', 'Business registration certificate'),
      doc('shop_plan', '점포 평면도', 'Shop floor plan'),
      doc('lease', '임대차계약서', 'Lease', false),
    ],
    fields: [
      field('shop_name', '점포명', 'Shop name', 'text', PUBLIC, gen.business()),
      field('shop_type', '점포 유형', 'Shop type', 'text', PUBLIC, gen.byKind({ 'Convenience Store': L('편의점', 'Convenience store'), Supermarket: L('슈퍼마켓', 'Supermarket'), Store: L('일반 소매점', 'General store') })),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 14,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('distance_survey', '거리 실측', 'Distance survey', 5),
          decisionStage(1),
        ],
      },
    ],
    weight: 5,
    titles: [['{district} {road} {no} {biz} 담배소매인 지정', 'Tobacco retail designation for {biz}, {no} {road}, {district}']],
    businessKinds: [L('편의점', 'Convenience Store'), L('슈퍼', 'Supermarket'), L('상회', 'Store')],
    reviewStage: 'intake',
    consults: [],
    inspections: ['distance_survey'],
  },
  {
    code: 'clinic-opening',
    category: 'health',
    unit: 'HEALTH',
    jurisdictions: ['DB', 'SB'],
    name: L('의원 개설신고', 'Medical clinic opening'),
    purpose: L(
      '의원·치과의원·한의원을 개설하려면 시설과 인력 기준을 갖추어 신고해야 합니다.',
      'Opening a clinic, dental or Korean-medicine clinic needs a registration showing facilities and staff.',
    ),
    legalBasis: L('의료법 제33조 제3항', 'Medical Service Act, art. 33(3)'),
    documents: [
      doc('medical_licence', '의사 면허증 사본', 'Medical licence'),
      doc('facility_plan', '시설 평면도', 'Facility floor plan'),
      doc('equipment_list', '의료장비 목록', 'Medical equipment list'),
      doc('radiation_report', '진단용 방사선 발생장치 신고서', 'Diagnostic radiation equipment report', false),
    ],
    fields: [
      field('clinic_name', '의료기관 명칭', 'Clinic name', 'text', PUBLIC, gen.business()),
      field('specialty', '진료과목', 'Specialties', 'text', PUBLIC, gen.byKind({ 'Internal Medicine Clinic': L('내과', 'Internal medicine'), 'Dental Clinic': L('치과', 'Dentistry'), 'Korean Medicine Clinic': L('한방', 'Korean medicine'), "Children's Clinic": L('소아청소년과', 'Paediatrics'), 'Orthopaedic Clinic': L('정형외과', 'Orthopaedics') })),
      field('beds', '병상 수', 'Beds', 'number', PUBLIC_OPTIONAL, gen.int(0, 29)),
      field('licence_number', '면허 번호', 'Licence number', 'text', PRIVATE, gen.licence('MD')),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 5,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('document_review', '시설·인력 기준 검토', 'Facility and staffing review', 2),
          stage('facility_inspection', '시설 점검', 'Facility inspection', 1),
          decisionStage(1),
        ],
      },
    ],
    weight: 3,
    titles: [['{district} {road} {no} {biz} 개설', 'Opening of {biz}, {no} {road}, {district}']],
    businessKinds: [L('내과의원', 'Internal Medicine Clinic'), L('치과의원', 'Dental Clinic'), L('한의원', 'Korean Medicine Clinic'), L('소아청소년과의원', "Children's Clinic"), L('정형외과의원', 'Orthopaedic Clinic')],
    reviewStage: 'document_review',
    consults: ['BUILD'],
    inspections: ['facility_inspection'],
  },
  {
    code: 'beauty-salon-registration',
    category: 'health',
    unit: 'FOOD',
    jurisdictions: ['DB', 'SB'],
    name: L('미용업 신고', 'Beauty salon registration'),
    purpose: L(
      '미용업을 하려면 시설과 설비를 갖추고 영업 신고를 해야 합니다.',
      'Hair and beauty salons must register their premises and equipment.',
    ),
    legalBasis: L('공중위생관리법 제3조', 'Public Health Control Act, art. 3'),
    documents: [
      doc('licence', '미용사 면허증', 'Beautician licence'),
      doc('floor_plan', '영업장 평면도', 'Premises floor plan'),
    ],
    fields: [
      field('business_name', '상호', 'Business name', 'text', PUBLIC, gen.business()),
      field('floor_area', '영업장 면적(㎡)', 'Premises area (m²)', 'number', PUBLIC, gen.area(15, 200)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 3,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('inspection', '시설 확인', 'Premises check', 1),
          decisionStage(1),
        ],
      },
    ],
    weight: 6,
    titles: [['{district} {road} {no} {biz}', '{biz}, {no} {road}, {district}']],
    businessKinds: [L('헤어살롱', 'Hair Salon'), L('네일', 'Nails'), L('미용실', 'Beauty')],
    reviewStage: 'intake',
    consults: [],
    inspections: ['inspection'],
  },
  {
    code: 'business-waste-report',
    category: 'environment',
    unit: 'ENV',
    jurisdictions: ['DB', 'SB'],
    name: L('사업장폐기물 배출자 신고', 'Business waste discharger report'),
    purpose: L(
      '일정량 이상의 사업장폐기물을 배출하는 사업자는 처리 계획을 신고해야 합니다.',
      'Businesses that discharge waste above set amounts must report how it will be treated.',
    ),
    legalBasis: L('폐기물관리법 제17조', 'Wastes Control Act, art. 17'),
    documents: [
      doc('waste_plan', '폐기물 처리계획서', 'Waste treatment plan'),
      doc('treatment_contract', '위탁처리 계약서', 'Treatment contract'),
    ],
    fields: [
      field('waste_type', '폐기물 종류', 'Waste type', 'text', PUBLIC, gen.pick([L('건설폐기물', 'Construction waste'), L('폐합성수지', 'Waste plastics'), L('폐유', 'Waste oil'), L('음식물류 폐기물', 'Food waste')])),
      field('annual_tonnes', '연간 배출량(톤)', 'Annual amount (tonnes)', 'number', PUBLIC, gen.int(5, 900)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 5,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('review', '처리계획 검토', 'Treatment plan review', 2),
          decisionStage(1),
        ],
      },
    ],
    weight: 5,
    titles: [
      ['{district} {road} {no} {waste_type} 배출자 신고', 'Waste discharge report ({waste_type_lc}), {no} {road}, {district}'],
    ],
    reviewStage: 'review',
    consults: [],
    inspections: [],
  },
  {
    code: 'land-transaction-permit',
    category: 'real_estate',
    unit: 'LAND',
    jurisdictions: ['DB', 'SB'],
    name: L('토지거래계약 허가', 'Land transaction permit'),
    purpose: L(
      '토지거래허가구역 안의 토지를 거래하려면 계약 전에 허가를 받아야 합니다.',
      'Land in a designated permit zone may be sold only with a permit obtained before the contract.',
    ),
    legalBasis: L('부동산 거래신고 등에 관한 법률 제11조', 'Act on Report on Real Estate Transactions, art. 11'),
    documents: [
      doc('draft_contract', '계약서(안)', 'Draft contract'),
      doc('land_use_plan', '토지이용계획서', 'Land use plan'),
      doc('funding_plan', '자금조달계획서', 'Funding plan'),
    ],
    fields: [
      field('area', '토지 면적(㎡)', 'Land area (m²)', 'number', PUBLIC, gen.area(60, 3000)),
      field('land_use', '이용 목적', 'Intended use', 'text', PUBLIC, gen.pick([L('자기거주용 주택', 'Owner-occupied housing'), L('사업용', 'Business use'), L('농업 경영', 'Farming')])),
      field('price_krw', '계약 예정 금액(원)', 'Intended price (KRW)', 'number', PRIVATE, gen.int(80_000_000, 4_000_000_000, 1_000_000)),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 15,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 1),
          stage('use_review', '이용목적 검토', 'Review of the intended use', 5),
          stage('site_inspection', '현장 조사', 'Site inspection', 3),
          decisionStage(1),
        ],
      },
    ],
    weight: 4,
    titles: [
      ['{district} {dong} {n}번지 토지거래계약 허가', 'Land transaction permit, lot {n}, {dong}, {district}'],
      ['{district} {road} {no} 토지거래계약 허가', 'Land transaction permit, {no} {road}, {district}'],
    ],
    reviewStage: 'use_review',
    consults: ['PLAN'],
    inspections: ['site_inspection'],
  },
];
