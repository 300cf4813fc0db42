import { L, decisionStage, doc, field, gen, stage, type ProcedureTemplate } from './catalogue.js';

/** Procedures Haneul Metropolitan City itself runs: the large projects and licences above district level. */

const PUBLIC = { required: true, public: true };
const PUBLIC_OPTIONAL = { required: false, public: true };
const PRIVATE = { required: true, public: false };

export const CITY_PROCEDURES: readonly ProcedureTemplate[] = [
  {
    code: 'redevelopment-plan-approval',
    category: 'housing',
    unit: 'HOUSING',
    jurisdictions: ['HN'],
    name: L('주택재개발 사업시행계획인가', 'Housing redevelopment project approval'),
    purpose: L(
      '정비구역의 재개발조합이 건축·이주·기반시설 계획을 담은 사업시행계획에 대해 받는 인가입니다.',
      "Approves a redevelopment association's implementation plan: buildings, relocation and infrastructure.",
    ),
    legalBasis: L('도시 및 주거환경정비법 제50조', 'Act on the Improvement of Urban Areas and Residential Environments, art. 50'),
    documents: [
      doc('implementation_plan', '사업시행계획서', 'Implementation plan'),
      doc('resolution', '조합 총회 의결서', 'Association general-meeting resolution'),
      doc('design_summary', '설계 개요', 'Design summary'),
      doc('relocation_plan', '주민 이주대책', 'Resident relocation plan'),
    ],
    fields: [
      field('zone_name', '정비구역 명칭', 'Redevelopment zone', 'text', PUBLIC, (c) => (c.lang === 'ko' ? `제${c.rng.int(1, 12)}구역` : `Zone ${c.rng.int(1, 12)}`)),
      field('households', '계획 세대수', 'Planned households', 'number', PUBLIC, gen.int(180, 3200)),
      field('site_area', '구역 면적(㎡)', 'Zone area (m²)', 'number', PUBLIC, gen.int(12000, 180000, 100)),
      field('association_chair', '조합장', 'Association chair', 'text', PRIVATE, gen.person()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 60,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 5),
          stage('public_inspection', '주민 공람', 'Public inspection', 14),
          stage('transport_consultation', '교통 협의', 'Transport consultation', 10, { unit: 'TRANSPORT', parallel: true }),
          stage('environment_consultation', '환경 협의', 'Environment consultation', 10, { unit: 'ENV', parallel: true }),
          stage('committee', '통합심의위원회 심의', 'Joint review committee', 10),
          decisionStage(3),
        ],
      },
    ],
    weight: 1,
    titles: [
      ['{district} {dong} 제{n}구역 주택재개발정비사업', '{dong} Zone {n} housing redevelopment, {district}'],
      ['{district} {dong} 제{n}구역 재개발 사업시행계획 변경', '{dong} Zone {n} redevelopment: amended implementation plan, {district}'],
    ],
    reviewStage: 'intake',
    consults: ['CULTURE', 'DESIGN'],
    inspections: [],
  },
  {
    code: 'traffic-impact-assessment',
    category: 'transport',
    unit: 'TRANSPORT',
    jurisdictions: ['HN'],
    name: L('교통영향평가 심의', 'Traffic impact assessment'),
    purpose: L(
      '대규모 시설이 주변 교통에 미치는 영향을 평가하고 개선대책을 심의합니다.',
      "Reviews how a large development will affect traffic around it, and what it must do about it.",
    ),
    legalBasis: L('도시교통정비 촉진법 제15조', 'Urban Traffic Improvement Promotion Act, art. 15'),
    documents: [
      doc('assessment_report', '교통영향평가서', 'Traffic impact assessment report'),
      doc('summary', '평가서 요약서', 'Summary of the report'),
      doc('site_plan', '배치도', 'Site plan', false),
    ],
    fields: [
      field('project_type', '사업 유형', 'Type of project', 'text', PUBLIC, gen.pick([L('판매시설', 'Retail'), L('업무시설', 'Offices'), L('공동주택', 'Housing'), L('의료시설', 'Hospital'), L('문화 및 집회시설', 'Culture and assembly')])),
      field('floor_area', '연면적(㎡)', 'Gross floor area (m²)', 'number', PUBLIC, gen.int(10000, 240000, 100)),
      field('parking_spaces', '주차 대수', 'Parking spaces', 'number', PUBLIC, gen.int(40, 2200)),
      field('consultant', '평가 대행자', 'Assessing consultancy', 'text', PUBLIC, gen.firm()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('review', '교통 검토', 'Traffic review', 10),
          stage('committee', '교통영향평가 심의위원회', 'Traffic impact review committee', 10),
          decisionStage(2),
        ],
      },
    ],
    weight: 3,
    titles: [
      ['{district} {road} {no} {project_type} 신축 교통영향평가', 'Traffic impact assessment ({project_type_lc}), {no} {road}, {district}'],
      ['{district} {dong} {project_type} 개발사업 교통영향평가', 'Traffic impact of a development ({project_type_lc}) in {dong}, {district}'],
    ],
    reviewStage: 'review',
    consults: ['DESIGN', 'HOUSING'],
    inspections: [],
  },
  {
    code: 'building-plan-review',
    category: 'building',
    unit: 'DESIGN',
    jurisdictions: ['HN'],
    name: L('건축위원회 건축심의', 'Building plan review'),
    purpose: L(
      '대형·고층 건축물의 설계가 도시 경관, 안전, 공공성 기준에 맞는지 건축위원회가 심의합니다.',
      "The city's architecture committee reviews large and tall buildings for townscape, safety and public value.",
    ),
    legalBasis: L('건축법 제4조의2', 'Building Act, art. 4-2'),
    documents: [
      doc('design_drawings', '설계도서', 'Design drawings'),
      doc('perspectives', '투시도', 'Perspective drawings'),
      doc('landscape_plan', '조경 계획', 'Landscape plan', false),
    ],
    fields: [
      field('use', '주용도', 'Principal use', 'text', PUBLIC, gen.pick([L('업무시설', 'Office'), L('공동주택', 'Apartments'), L('숙박시설', 'Hotel'), L('판매시설', 'Retail')])),
      field('floor_area', '연면적(㎡)', 'Gross floor area (m²)', 'number', PUBLIC, gen.int(10000, 200000, 100)),
      field('storeys', '층수', 'Storeys', 'number', PUBLIC, gen.int(16, 60)),
      field('height_m', '높이(m)', 'Height (m)', 'number', PUBLIC, gen.int(60, 240)),
      field('architect', '설계자', 'Architect', 'text', PUBLIC, gen.firm()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('pre_review', '사전 검토', 'Preliminary review', 7),
          stage('committee', '건축위원회 심의', 'Architecture committee', 10),
          decisionStage(2),
        ],
      },
    ],
    weight: 3,
    titles: [
      ['{district} {road} {no} {use} 건축심의', 'Plan review: {use_lc}, {no} {road}, {district}'],
      ['{district} {dong} {use} 신축 건축심의', 'Plan review: new {use_lc} in {dong}, {district}'],
    ],
    reviewStage: 'pre_review',
    consults: ['TRANSPORT', 'ENV'],
    inspections: [],
  },
  {
    code: 'large-store-registration',
    category: 'commerce',
    unit: 'ECON',
    jurisdictions: ['HN'],
    name: L('대규모점포 개설등록', 'Large-store registration'),
    purpose: L(
      '매장면적 3,000㎡ 이상의 대형마트·쇼핑센터 등을 열려면 상권영향평가를 거쳐 등록해야 합니다.',
      'Stores of 3,000 m² or more must register, with an assessment of their effect on local shops.',
    ),
    legalBasis: L('유통산업발전법 제8조', 'Distribution Industry Development Act, art. 8'),
    documents: [
      doc('business_plan', '사업계획서', 'Business plan'),
      doc('impact_assessment', '상권영향평가서', 'Commercial impact assessment'),
      doc('cooperation_plan', '지역협력계획서', 'Local cooperation plan'),
    ],
    fields: [
      field('store_name', '점포명', 'Store name', 'text', PUBLIC, gen.business()),
      field('store_type', '점포 유형', 'Store type', 'text', PUBLIC, gen.pick([L('대형마트', 'Hypermarket'), L('전문점', 'Category store'), L('쇼핑센터', 'Shopping centre')])),
      field('sales_area', '매장면적(㎡)', 'Sales floor area (m²)', 'number', PUBLIC, gen.int(3000, 40000, 10)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('impact_review', '상권영향평가서 검토', 'Commercial impact review', 10, { parallel: true }),
          stage('traffic_consultation', '교통 협의', 'Traffic consultation', 7, { unit: 'TRANSPORT', parallel: true }),
          stage('council', '유통상생발전협의회', 'Retail co-prosperity council', 10),
          decisionStage(2),
        ],
      },
    ],
    weight: 1,
    titles: [['{district} {road} {no} {biz} 개설등록', 'Registration of {biz}, {no} {road}, {district}']],
    businessKinds: [L('마트', 'Mart'), L('아울렛', 'Outlet'), L('몰', 'Mall')],
    reviewStage: 'intake',
    consults: ['ENV'],
    inspections: [],
  },
  {
    code: 'tourist-hotel-plan-approval',
    category: 'culture',
    unit: 'CULTURE',
    jurisdictions: ['HN'],
    name: L('관광숙박업 사업계획승인', 'Tourist hotel business plan approval'),
    purpose: L(
      '관광호텔 등 관광숙박업을 하려는 자가 건축 전에 사업계획을 승인받는 절차입니다.',
      'Approval of the business plan for a tourist hotel before it is built.',
    ),
    legalBasis: L('관광진흥법 제15조', 'Tourism Promotion Act, art. 15'),
    documents: [
      doc('business_plan', '사업계획서', 'Business plan'),
      doc('design', '건축 설계 개요', 'Outline building design'),
      doc('funding_plan', '자금조달계획서', 'Funding plan', false),
    ],
    fields: [
      field('hotel_name', '시설 명칭', 'Hotel name', 'text', PUBLIC, gen.business()),
      field('hotel_type', '업종', 'Type', 'text', PUBLIC, gen.pick([L('관광호텔업', 'Tourist hotel'), L('한국전통호텔업', 'Traditional Korean hotel'), L('호스텔업', 'Hostel')])),
      field('rooms', '객실 수', 'Rooms', 'number', PUBLIC, gen.int(30, 480)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('plan_review', '사업계획 검토', 'Business plan review', 10),
          stage('building_consultation', '건축 협의', 'Building consultation', 7, { unit: 'DESIGN' }),
          decisionStage(2),
        ],
      },
    ],
    weight: 1,
    titles: [['{district} {road} {no} {biz} 사업계획승인', 'Business plan approval: {biz}, {no} {road}, {district}']],
    businessKinds: [L('호텔', 'Hotel'), L('스테이', 'Stay'), L('한옥호텔', 'Hanok Hotel')],
    reviewStage: 'plan_review',
    consults: ['TRANSPORT'],
    inspections: [],
  },
  {
    code: 'performance-venue-registration',
    category: 'culture',
    unit: 'CULTURE',
    jurisdictions: ['HN'],
    name: L('공연장 등록', 'Performance venue registration'),
    purpose: L(
      '공연장을 운영하려면 무대시설의 안전을 확인받아 등록해야 합니다.',
      'A performance venue must register after its stage equipment is found safe.',
    ),
    legalBasis: L('공연법 제9조', 'Performance Act, art. 9'),
    documents: [
      doc('floor_plan', '공연장 평면도', 'Venue floor plan'),
      doc('safety_report', '무대시설 안전진단 결과', 'Stage safety inspection report'),
      doc('seating_plan', '객석 배치도', 'Seating plan'),
    ],
    fields: [
      field('venue_name', '공연장 명칭', 'Venue name', 'text', PUBLIC, gen.business()),
      field('seats', '객석 수', 'Seats', 'number', PUBLIC, gen.int(80, 1800)),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 10,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('safety_inspection', '무대시설 안전검사', 'Stage safety inspection', 5),
          decisionStage(1),
        ],
      },
    ],
    weight: 1,
    titles: [['{district} {road} {no} {biz} 공연장 등록', 'Venue registration: {biz}, {no} {road}, {district}']],
    businessKinds: [L('아트홀', 'Art Hall'), L('소극장', 'Little Theatre'), L('라이브홀', 'Live Hall')],
    reviewStage: 'intake',
    consults: [],
    inspections: ['safety_inspection'],
  },
  {
    code: 'hospital-opening-permit',
    category: 'health',
    unit: 'HEALTH',
    jurisdictions: ['HN'],
    name: L('병원 개설허가', 'Hospital opening permit'),
    purpose: L(
      '병원·요양병원 등 병원급 의료기관을 개설하려면 시설·인력 기준과 지역 의료 수요를 심의받아 허가를 받아야 합니다.',
      'Opening a hospital needs a permit after review of its facilities, staff and local need.',
    ),
    legalBasis: L('의료법 제33조 제4항', 'Medical Service Act, art. 33(4)'),
    documents: [
      doc('founder_licence', '개설자 면허증 사본', "Founder's medical licence"),
      doc('facility_plan', '시설 평면도', 'Facility floor plan'),
      doc('staffing_plan', '의료인력 현황', 'Staffing plan'),
      doc('equipment_list', '의료장비 목록', 'Medical equipment list'),
    ],
    fields: [
      field('hospital_name', '의료기관 명칭', 'Hospital name', 'text', PUBLIC, gen.business()),
      field('beds', '병상 수', 'Beds', 'number', PUBLIC, gen.int(30, 400)),
      field('specialties', '진료과목', 'Specialties', 'text', PUBLIC, gen.pick([L('내과, 정형외과, 재활의학과', 'Internal medicine, orthopaedics, rehabilitation'), L('요양병원', 'Long-term care'), L('산부인과, 소아청소년과', 'Obstetrics, paediatrics')])),
      field('founder_licence_number', '개설자 면허 번호', "Founder's licence number", 'text', PRIVATE, gen.licence('MD')),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 20,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('document_review', '시설·인력 기준 검토', 'Facility and staffing review', 5),
          stage('committee', '의료기관개설위원회 심의', 'Medical institution committee', 7),
          stage('facility_inspection', '시설 현장점검', 'Facility inspection', 4),
          decisionStage(2),
        ],
      },
    ],
    weight: 1,
    titles: [['{district} {road} {no} {biz} 개설허가', 'Opening permit: {biz}, {no} {road}, {district}']],
    businessKinds: [L('병원', 'Hospital'), L('요양병원', 'Care Hospital'), L('재활병원', 'Rehabilitation Hospital')],
    reviewStage: 'document_review',
    consults: ['DESIGN'],
    inspections: ['facility_inspection'],
  },
  {
    code: 'waste-business-licence',
    category: 'environment',
    unit: 'ENV',
    jurisdictions: ['HN'],
    name: L('폐기물처리업 허가', 'Waste business licence'),
    purpose: L(
      '폐기물의 수집·운반, 처분 또는 재활용을 업으로 하려면 시설과 장비를 갖추어 허가를 받아야 합니다.',
      'Collecting, treating or recycling waste as a business needs a licence for the facilities and equipment.',
    ),
    legalBasis: L('폐기물관리법 제25조', 'Wastes Control Act, art. 25'),
    documents: [
      doc('business_plan', '사업계획서', 'Business plan'),
      doc('facility_drawings', '시설 설계도서', 'Facility drawings'),
      doc('equipment_list', '장비 명세서', 'Equipment list'),
      doc('environment_review', '환경성 조사서', 'Environmental review', false),
    ],
    fields: [
      field('business_type', '업종', 'Business type', 'text', PUBLIC, gen.pick([L('수집·운반업', 'Collection and transport'), L('중간처분업', 'Intermediate treatment'), L('종합재활용업', 'Comprehensive recycling')])),
      field('capacity', '처리용량(톤/일)', 'Capacity (tonnes/day)', 'number', PUBLIC, gen.int(5, 400)),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 30,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 3),
          stage('plan_review', '사업계획서 검토', 'Business plan review', 10),
          stage('site_inspection', '시설 현장 확인', 'Facility inspection', 5),
          decisionStage(2),
        ],
      },
    ],
    weight: 2,
    titles: [
      ['{district} {road} {no} 폐기물 {business_type} 허가', 'Waste business licence ({business_type_lc}), {no} {road}, {district}'],
    ],
    reviewStage: 'plan_review',
    consults: ['TRANSPORT'],
    inspections: ['site_inspection'],
  },
  {
    code: 'air-emission-permit',
    category: 'environment',
    unit: 'ENV',
    jurisdictions: ['HN'],
    name: L('대기오염물질 배출시설 설치허가', 'Air emission facility permit'),
    purpose: L(
      '대기오염물질을 배출하는 시설을 설치하려면 방지시설 계획과 함께 허가를 받아야 합니다.',
      'Installing a facility that emits air pollutants needs a permit with its abatement plan.',
    ),
    legalBasis: L('대기환경보전법 제23조', 'Clean Air Conservation Act, art. 23'),
    documents: [
      doc('facility_spec', '배출시설 명세서', 'Emission facility specification'),
      doc('abatement_design', '방지시설 설계서', 'Abatement equipment design'),
    ],
    fields: [
      field('facility_type', '시설 종류', 'Facility type', 'text', PUBLIC, gen.pick([L('도장시설', 'Painting booth'), L('보일러', 'Boiler'), L('인쇄시설', 'Printing'), L('소각시설', 'Incinerator')])),
      field('site_class', '사업장 종별', 'Site class', 'text', PUBLIC_OPTIONAL, gen.pick([L('3종', 'Class 3'), L('4종', 'Class 4'), L('5종', 'Class 5')])),
      field('business_number', '사업자등록번호', 'Business registration number', 'text', PRIVATE, gen.businessNumber()),
    ],
    versions: [
      {
        feeKrw: 0,
        statutoryDays: 15,
        stages: [
          stage('intake', '접수·서류 검토', 'Intake and document check', 2),
          stage('technical_review', '방지시설 기술 검토', 'Technical review of abatement', 7),
          decisionStage(2),
        ],
      },
    ],
    weight: 2,
    titles: [
      ['{district} {road} {no} {facility_type} 배출시설 설치허가', 'Emission permit ({facility_type_lc}), {no} {road}, {district}'],
    ],
    reviewStage: 'technical_review',
    consults: [],
    inspections: [],
  },
];
