import { stringify } from 'yaml';
import { inputError } from '../../errors.ts';
import type { Model } from '../../model/model.ts';
import { formatTime } from '../../model/timeUnits.ts';
import { scenarioEvents } from './toScenario.ts';
import type { SbmlSystem } from './system.ts';

export interface ImportedFiles {
  /** The bonesim model file. */
  model: string;
  /** A scenario for what is not model data (the SBML events, the start), when there is any. */
  scenario?: string;
  /** What the import did, one sentence each. */
  notes: string[];
}

export interface ImportFileOptions {
  /** Path of the model file as the scenario should name it (relative to the scenario). */
  modelReference: string;
  /** The scenario's id and run length (in the model's time unit). */
  scenarioId: string;
  duration: number;
  outputEvery: number;
  source?: string;
}

/**
 * An imported SBML system as a bonesim model file and, when the SBML has events, a scenario
 * that runs them. A value the model file cannot hold (an undefined initial value, a delay) is
 * refused with the SBML id.
  *
 * @example
 * ```ts
 * const files = sbmlImportedFiles(system, options); // the model file (and a scenario for its events)
 */
export function importedFiles(system: SbmlSystem, options: ImportFileOptions): ImportedFiles {
  const model = system.model;
  const file = model.file;
  for (const s of model.species) {
    if (!Number.isFinite(s.initial)) throw inputError(`"${s.name}" (${s.source}) has no finite initial value (${s.initial})`, { file }, 'give it an initial value or initial assignment in the SBML file');
  }
  for (const p of model.parameters) {
    if (!Number.isFinite(p.value)) throw inputError(`"${p.name}" (${p.source}) has no finite value (${p.value})`, { file }, 'give it a value or initial assignment in the SBML file');
  }
  const events = scenarioEvents(system, file);
  const notes = [...system.notes];
  const modelText = header(model, notes) + stringify(modelData(model, notes), { lineWidth: 0 });
  if (!events.length) return { model: modelText, notes };
  notes.push(`the ${events.length} SBML event${events.length === 1 ? '' : 's'} became state events of scenario ${options.scenarioId}`);
  const scenario = {
    id: options.scenarioId,
    title: `${model.title} (SBML events)`,
    description: `The SBML model's own events, run from its initial values. Imported by bonesim from ${options.source ?? 'an SBML file'}; add the expected outcome under expect:.`,
    source: options.source,
    model: options.modelReference,
    duration: formatTime(options.duration, model.timeUnit),
    output_every: formatTime(options.outputEvery, model.timeUnit),
    start: 'initial',
    events: events.map((e) => ({ when: e.condition, set: Object.fromEntries(e.set.map((a) => [a.target, a.value])), record: e.record })),
    expect: [],
  };
  return { model: modelText, scenario: stringify(scenario, { lineWidth: 0 }), notes };
}

function header(model: Model, notes: string[]): string {
  const lines = [`# Imported by bonesim from SBML (${model.citation}).`, ...notes.map((n) => `# - ${n}`)];
  return lines.join('\n') + '\n';
}

function modelData(model: Model, notes: string[]): Record<string, unknown> {
  return {
    id: model.id,
    title: model.title,
    citation: model.citation,
    description: model.description,
    time_unit: model.timeUnit,
    species: Object.fromEntries(model.species.map((s) => [s.name, { initial: s.initial, unit: s.unit, description: s.description, source: s.source, nonnegative: s.nonnegative }])),
    parameters: Object.fromEntries(model.parameters.map((p) => [p.name, { value: p.value, unit: p.unit, description: p.description, source: p.source }])),
    expressions: Object.fromEntries(model.expressions.map((e) => [e.name, e.unit || e.description ? { expr: e.expr, unit: e.unit, description: e.description } : e.expr])),
    rates: model.rates,
    parameter_limits: model.parameterLimits && Object.keys(model.parameterLimits).length ? model.parameterLimits : undefined,
    notes: notes.length ? notes.join(' ') : undefined,
  };
}
