import type { SimulationResult } from '../../simulate/result.ts';
import type { Scenario } from '../../simulate/scenario.ts';
import type { SbmlRunResult } from './simulateSbml.ts';
import type { SbmlSystem } from './system.ts';

/**
 * An SBML run in the shape of a scenario run, so bonesim's CSV, JSON and chart writers take it:
 * the scenario is the SBML file itself (its events, its initial values, the requested span).
 */
export function sbmlRunAsResult(system: SbmlSystem, run: SbmlRunResult, options: { id: string; file?: string; duration: number; outputEvery: number; milliseconds: number }): SimulationResult {
  const model = system.model;
  const scenario: Scenario = {
    id: options.id,
    title: model.title,
    description: `SBML model ${model.title}, run from its initial values with its own events`,
    file: options.file,
    modelFile: options.file ?? model.id,
    duration: options.duration,
    outputEvery: options.outputEvery,
    start: 'initial',
    parameters: {},
    initial: {},
    inputs: {},
    scheduled: [],
    stateEvents: [],
    expectations: [],
    solver: { method: run.solver.method, rtol: run.solver.rtol, atol: run.solver.atol, maxSteps: run.solver.maxSteps },
  };
  const units: Record<string, string> = {};
  for (const column of run.columns) {
    const v = system.variables.get(column);
    const unit = v && [...model.species, ...model.parameters].find((x) => x.name === v.symbol)?.unit;
    units[column] = unit ?? model.expressions.find((e) => e.name === v?.symbol)?.unit ?? 'unknown';
  }
  return {
    scenario,
    model,
    times: run.times,
    columns: run.columns,
    series: run.series,
    units,
    events: run.events.map((e) => ({ time: e.time, kind: 'state', label: `SBML event ${e.event}`, source: system.events.findIndex((x) => x.id === e.event) })),
    expectations: [],
    start: { mode: 'initial' },
    warnings: [],
    solver: { ...run.solver, ran: run.ran },
    stats: { ...run.stats, solveMilliseconds: options.milliseconds, totalMilliseconds: options.milliseconds },
  };
}
