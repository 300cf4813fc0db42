import type { PublicActor } from '../db/schema.js';
import type { Localized, ProcedureStage, Role } from '../domain/types.js';
import type { ApplicationDraft } from './applications.js';
import type { JurisdictionDef, ProcedureTemplate } from './catalogue.js';
import type { CaseHistory } from './history.js';

/** The demo organisation in memory, with the ids its rows will get, before anything is written. */

export interface DemoOfficial {
  id: number;
  login: string;
  jurisdictionId: string;
  unitId: number;
  unitCode: string;
  roles: Role[];
  name: Localized;
  title: Localized;
  /** Frozen public face, exactly as `officialPublicActor` builds it. */
  actor: PublicActor;
  /** Share of this official's acts entered after the fact (a few officials are habitually late). */
  lateRate: number;
}

export interface DemoUnit {
  id: number;
  code: string;
  jurisdiction: JurisdictionDef;
  name: Localized;
  phone: string;
  email: string;
  supervisor: DemoOfficial;
  /** Officials with the `official` role, who are assigned cases. */
  staff: DemoOfficial[];
  members: DemoOfficial[];
  /** The unit's department system acting without a named official, as `unitPublicActor` builds it. */
  systemActor: PublicActor;
}

export interface DemoProcedure {
  id: number;
  code: string;
  version: number;
  isCurrent: boolean;
  jurisdiction: JurisdictionDef;
  template: ProcedureTemplate;
  unit: DemoUnit;
  feeKrw: number;
  statutoryDays: number;
  stages: ProcedureStage[];
  /** The unit working each stage (the procedure's own unit unless the stage names another). */
  stageUnits: DemoUnit[];
  /** When this version came into force (ms); applications received from then on use it. */
  validFrom: number;
}

export interface DemoOrganisation {
  units: DemoUnit[];
  officials: DemoOfficial[];
  procedures: DemoProcedure[];
  unitsByCode: Map<string, DemoUnit>;
  officialsById: Map<number, DemoOfficial>;
  /** Unit code to id, per jurisdiction id, as `unitIdsByCode` answers it. */
  unitIdsByJurisdiction: Map<string, Map<string, number>>;
  /** When the catalogue was set up: rows' `created_at`. */
  createdAt: number;
}

/** One generated application: its particulars, id and public number, and its played-out history. */
export interface DemoCase {
  draft: ApplicationDraft;
  id: number;
  number: string;
  history: CaseHistory;
}
