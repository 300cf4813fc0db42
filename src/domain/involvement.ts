import type { ProcedureStage, StageState } from './types.js';

/**
 * Why a case sits in a unit's queue when another unit is responsible for it: the unit was consulted on it (an open
 * consultation request), or it owns a stage of the procedure that runs (or may start) now. Null when the unit is the
 * responsible one. Pure.
 */
export interface UnitInvolvement {
  consulted: boolean;
  /** Keys of the viewer's own stages that put the case in its queue. */
  stages: string[];
}

export function unitInvolvement(args: {
  viewerUnitCode: string;
  responsibleUnitCode: string;
  /** True while a consultation asked of the viewer's unit is unanswered. */
  consulted: boolean;
  stages: readonly Pick<StageState, 'key' | 'status'>[];
  definitions: readonly Pick<ProcedureStage, 'key' | 'unit_code'>[];
}): UnitInvolvement | null {
  if (args.viewerUnitCode === args.responsibleUnitCode) return null;
  const own = new Set(args.definitions.filter((d) => d.unit_code === args.viewerUnitCode).map((d) => d.key));
  const active = args.stages.filter((s) => own.has(s.key) && s.status === 'active').map((s) => s.key);
  // Without a running stage or a consultation, the case is here because one of the unit's stages may start now.
  const startable = active.length || args.consulted ? [] : args.stages.filter((s) => own.has(s.key) && s.status === 'pending').slice(0, 1).map((s) => s.key);
  const stages = active.length ? active : startable;
  if (!args.consulted && !stages.length) return null;
  return { consulted: args.consulted, stages };
}
