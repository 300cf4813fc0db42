import type { Localized } from '../domain/types.js';

/**
 * The demo city's system texts in the five languages it offers beyond Korean and English: its own name, its
 * departments, its procedures and their stages, keyed by the English text. The districts offer Korean and English
 * only, so their texts have none of these and their pages show the Korean original, marked, to other readers.
 */
type Others = Required<Omit<Localized, 'ko' | 'en'>>;

const TEXTS: Record<string, Others> = {
  // The jurisdiction.
  'Haneul Metropolitan City': { zh: '天空特别市', fr: 'Ville métropolitaine de Haneul', es: 'Ciudad Metropolitana de Haneul', ru: 'Столичный город Ханыль', ar: 'مدينة هانول الكبرى' },

  // Departments.
  'Housing & Redevelopment Division': { zh: '住房整治科', fr: 'Division de l’habitat et du renouvellement urbain', es: 'División de Vivienda y Regeneración Urbana', ru: 'Отдел жилищного строительства и реновации', ar: 'قسم الإسكان وإعادة التطوير' },
  'Transport Planning Division': { zh: '交通政策科', fr: 'Division de la planification des transports', es: 'División de Planificación del Transporte', ru: 'Отдел транспортного планирования', ar: 'قسم تخطيط النقل' },
  'Climate & Environment Division': { zh: '气候环境科', fr: 'Division du climat et de l’environnement', es: 'División de Clima y Medio Ambiente', ru: 'Отдел климата и окружающей среды', ar: 'قسم المناخ والبيئة' },
  'Economy & Commerce Division': { zh: '经济政策科', fr: 'Division de l’économie et du commerce', es: 'División de Economía y Comercio', ru: 'Отдел экономики и торговли', ar: 'قسم الاقتصاد والتجارة' },
  'Culture & Tourism Division': { zh: '文化旅游科', fr: 'Division de la culture et du tourisme', es: 'División de Cultura y Turismo', ru: 'Отдел культуры и туризма', ar: 'قسم الثقافة والسياحة' },
  'Architecture & Urban Design Division': { zh: '建筑设计科', fr: 'Division de l’architecture et du design urbain', es: 'División de Arquitectura y Diseño Urbano', ru: 'Отдел архитектуры и городского дизайна', ar: 'قسم العمارة والتصميم الحضري' },
  'Public Health Division': { zh: '市民健康科', fr: 'Division de la santé publique', es: 'División de Salud Pública', ru: 'Отдел общественного здравоохранения', ar: 'قسم الصحة العامة' },
  'Civil Affairs Counter': { zh: '市民信访窗口', fr: 'Guichet des démarches administratives', es: 'Ventanilla de Atención Ciudadana', ru: 'Приёмная по обращениям граждан', ar: 'مكتب خدمة المواطنين' },
  'Audit & Inspection Office': { zh: '监察室', fr: 'Bureau de l’audit et de l’inspection', es: 'Oficina de Auditoría e Inspección', ru: 'Управление аудита и инспекции', ar: 'مكتب التدقيق والتفتيش' },
  'Digital Policy Division': { zh: '数字政策科', fr: 'Division de la politique numérique', es: 'División de Política Digital', ru: 'Отдел цифровой политики', ar: 'قسم السياسة الرقمية' },

  // Procedures.
  'Housing redevelopment project approval': { zh: '住房再开发项目实施计划批准', fr: 'Approbation d’un projet de rénovation urbaine', es: 'Aprobación de proyecto de regeneración residencial', ru: 'Утверждение проекта жилищной реновации', ar: 'اعتماد مشروع إعادة تطوير سكني' },
  'Traffic impact assessment': { zh: '交通影响评价审议', fr: 'Étude d’impact sur la circulation', es: 'Evaluación de impacto en el tráfico', ru: 'Оценка воздействия на дорожное движение', ar: 'تقييم الأثر المروري' },
  'Building plan review': { zh: '建筑委员会建筑审议', fr: 'Examen architectural du projet', es: 'Revisión del proyecto arquitectónico', ru: 'Архитектурная экспертиза проекта', ar: 'مراجعة مخطط البناء' },
  'Large-store registration': { zh: '大型商场开设登记', fr: 'Enregistrement d’une grande surface', es: 'Registro de gran superficie comercial', ru: 'Регистрация крупного магазина', ar: 'تسجيل متجر كبير' },
  'Tourist hotel business plan approval': { zh: '旅游住宿业项目计划批准', fr: 'Approbation du plan d’exploitation d’un hôtel de tourisme', es: 'Aprobación del plan de negocio de hotel turístico', ru: 'Утверждение бизнес-плана туристической гостиницы', ar: 'اعتماد خطة عمل فندق سياحي' },
  'Performance venue registration': { zh: '演出场所登记', fr: 'Enregistrement d’une salle de spectacle', es: 'Registro de sala de espectáculos', ru: 'Регистрация концертной площадки', ar: 'تسجيل قاعة عروض' },
  'Hospital opening permit': { zh: '医院开设许可', fr: 'Autorisation d’ouverture d’un hôpital', es: 'Autorización de apertura de hospital', ru: 'Разрешение на открытие больницы', ar: 'ترخيص افتتاح مستشفى' },
  'Waste business licence': { zh: '废弃物处理业许可', fr: 'Autorisation d’exploitation d’une activité de traitement des déchets', es: 'Licencia de gestión de residuos', ru: 'Лицензия на деятельность по обращению с отходами', ar: 'ترخيص نشاط معالجة النفايات' },
  'Air emission facility permit': { zh: '大气污染物排放设施设置许可', fr: 'Autorisation d’une installation émettrice de polluants atmosphériques', es: 'Permiso de instalación de emisiones atmosféricas', ru: 'Разрешение на объект с выбросами в атмосферу', ar: 'تصريح منشأة انبعاثات هوائية' },

  // Stages.
  'Intake and document check': { zh: '受理及材料审查', fr: 'Réception et vérification du dossier', es: 'Recepción y revisión de documentos', ru: 'Приём и проверка документов', ar: 'الاستلام وفحص المستندات' },
  'Public inspection': { zh: '居民公示', fr: 'Consultation du public', es: 'Información pública', ru: 'Публичное ознакомление', ar: 'العرض على الجمهور' },
  'Transport consultation': { zh: '交通协商', fr: 'Consultation sur les transports', es: 'Consulta de transporte', ru: 'Согласование по транспорту', ar: 'التشاور بشأن النقل' },
  'Traffic consultation': { zh: '交通协商', fr: 'Consultation sur la circulation', es: 'Consulta de tráfico', ru: 'Согласование по дорожному движению', ar: 'التشاور بشأن المرور' },
  'Environment consultation': { zh: '环境协商', fr: 'Consultation environnementale', es: 'Consulta ambiental', ru: 'Экологическое согласование', ar: 'التشاور البيئي' },
  'Building consultation': { zh: '建筑协商', fr: 'Consultation sur la construction', es: 'Consulta de edificación', ru: 'Согласование по строительству', ar: 'التشاور بشأن البناء' },
  'Joint review committee': { zh: '综合审议委员会审议', fr: 'Commission d’examen conjointe', es: 'Comisión conjunta de revisión', ru: 'Объединённая экспертная комиссия', ar: 'لجنة المراجعة المشتركة' },
  'Architecture committee': { zh: '建筑委员会审议', fr: 'Commission d’architecture', es: 'Comisión de arquitectura', ru: 'Архитектурный совет', ar: 'لجنة العمارة' },
  'Traffic impact review committee': { zh: '交通影响评价审议委员会', fr: 'Commission d’examen de l’impact sur la circulation', es: 'Comisión de evaluación del impacto en el tráfico', ru: 'Комиссия по оценке воздействия на движение', ar: 'لجنة مراجعة الأثر المروري' },
  'Medical institution committee': { zh: '医疗机构开设委员会审议', fr: 'Commission des établissements de santé', es: 'Comisión de centros sanitarios', ru: 'Комиссия по медицинским учреждениям', ar: 'لجنة المؤسسات الطبية' },
  'Retail co-prosperity council': { zh: '流通共同发展协议会', fr: 'Conseil de concertation du commerce local', es: 'Consejo de concertación del comercio local', ru: 'Совет по согласованию интересов торговли', ar: 'مجلس التوافق التجاري' },
  'Facility and staffing review': { zh: '设施及人员标准审查', fr: 'Examen des installations et du personnel', es: 'Revisión de instalaciones y personal', ru: 'Проверка помещений и персонала', ar: 'مراجعة المرافق والكوادر' },
  'Facility inspection': { zh: '设施现场检查', fr: 'Inspection des installations', es: 'Inspección de las instalaciones', ru: 'Осмотр объекта', ar: 'تفتيش المنشأة' },
  'Commercial impact review': { zh: '商圈影响评价书审查', fr: 'Examen de l’impact commercial', es: 'Revisión del impacto comercial', ru: 'Оценка влияния на местную торговлю', ar: 'مراجعة الأثر التجاري' },
  'Business plan review': { zh: '项目计划审查', fr: 'Examen du plan d’exploitation', es: 'Revisión del plan de negocio', ru: 'Рассмотрение бизнес-плана', ar: 'مراجعة خطة العمل' },
  'Preliminary review': { zh: '事前审查', fr: 'Examen préalable', es: 'Revisión preliminar', ru: 'Предварительное рассмотрение', ar: 'المراجعة الأولية' },
  'Traffic review': { zh: '交通审查', fr: 'Examen de la circulation', es: 'Revisión de tráfico', ru: 'Транспортная экспертиза', ar: 'المراجعة المرورية' },
  'Stage safety inspection': { zh: '舞台设施安全检查', fr: 'Contrôle de sécurité de la scène', es: 'Inspección de seguridad del escenario', ru: 'Проверка безопасности сцены', ar: 'فحص سلامة المسرح' },
  'Technical review of abatement': { zh: '防治设施技术审查', fr: 'Examen technique des dispositifs antipollution', es: 'Revisión técnica de los sistemas de depuración', ru: 'Техническая экспертиза очистных сооружений', ar: 'المراجعة الفنية لأنظمة الحد من التلوث' },
  Decision: { zh: '决定', fr: 'Décision', es: 'Resolución', ru: 'Решение', ar: 'القرار' },

  // Officials' titles, and the mayor, who signs as the office.
  'Head of division': { zh: '科长', fr: 'Chef de division', es: 'Jefe de división', ru: 'Начальник отдела', ar: 'رئيس القسم' },
  'Team leader': { zh: '组长', fr: 'Chef d’équipe', es: 'Jefe de equipo', ru: 'Руководитель группы', ar: 'رئيس الفريق' },
  Officer: { zh: '主务官', fr: 'Agent administratif', es: 'Funcionario', ru: 'Специалист', ar: 'موظف إداري' },
  Inspector: { zh: '监察官', fr: 'Inspecteur', es: 'Inspector', ru: 'Инспектор', ar: 'مفتش' },
  Investigator: { zh: '调查官', fr: 'Enquêteur', es: 'Investigador', ru: 'Следователь', ar: 'محقق' },
  Custodian: { zh: '身份信息保管官', fr: 'Dépositaire des identités', es: 'Custodio de identidades', ru: 'Хранитель сведений о личности', ar: 'أمين بيانات الهوية' },
  Mayor: { zh: '市长', fr: 'Maire', es: 'Alcalde', ru: 'Мэр', ar: 'رئيس البلدية' },
  'Mayor of Haneul': { zh: '天空市市长', fr: 'Maire de Haneul', es: 'Alcalde de Haneul', ru: 'Мэр Ханыля', ar: 'رئيس بلدية هانول' },
};

/** A text of the demo city in every language it offers: the Korean and English given, with the others above. */
export function inCityLanguages(text: Localized): Localized {
  const others = TEXTS[text.en];
  return others ? { ...others, ...text } : text;
}

/** Whether every text given has its translations here (the seed's test asks it of the city's whole catalogue). */
export function missingCityTexts(texts: readonly Localized[]): string[] {
  return [...new Set(texts.filter((t) => !TEXTS[t.en]).map((t) => t.en))];
}
