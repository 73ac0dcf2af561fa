import type { Model } from '../model/model.ts';
import { parseTime } from '../model/timeUnits.ts';
import type { ScheduledEvent, Scenario } from '../simulate/scenario.ts';
import { occurrences } from '../simulate/schedule.ts';

/**
 * A dosing regimen the explorer can switch on: the doses the shipped drug scenarios give
 * (scenarios/denosumab.yaml, zoledronate.yaml, teriparatide-daily.yaml), from the start of the
 * run, for as long as it lasts or the regimen's own limit.
 */
export interface DrugRegimen {
  id: string;
  label: string;
  /** The depot species a dose goes into. */
  species: string;
  /** The dose: a number or an expression over the model's parameters (as in a scenario's `add:`). */
  amount: number | string;
  every: string;
  /** Last dose no later than this (default: the end of the run). */
  until?: string;
  source: string;
}

export const DRUG_REGIMENS: readonly DrugRegimen[] = [
  { id: 'denosumab', label: 'Denosumab 60 mg s.c. every 6 months', species: 'DEN_sc', amount: 60, every: '183 day', source: 'scenarios/denosumab.yaml (FREEDOM regimen)' },
  { id: 'zoledronate', label: 'Zoledronic acid 5 mg i.v. once a year', species: 'BP_bone', amount: '5 * 1000 / MW_ZOL * BP_uptake', every: '1 year', source: 'scenarios/zoledronate.yaml (HORIZON regimen)' },
  { id: 'teriparatide', label: 'Teriparatide 20 µg s.c. daily (first 21 months)', species: 'TPTD_sc', amount: 20, every: '1 day', until: '639 day', source: 'scenarios/teriparatide-daily.yaml (label: at most 2 years)' },
];

/** The regimens a model can take (it has their depot species). */
export function regimensFor(model: Model): DrugRegimen[] {
  const species = new Set(model.species.map((s) => s.name));
  return DRUG_REGIMENS.filter((r) => species.has(r.species));
}

/** The scenario with the chosen regimens' doses added to its timed events (plain data in, plain data out). */
export function withRegimens(scenario: Scenario, model: Model, ids: readonly string[]): Scenario {
  const chosen = regimensFor(model).filter((r) => ids.includes(r.id));
  if (!chosen.length) return scenario;
  let source = Math.max(-1, ...scenario.scheduled.map((e) => e.source), ...scenario.stateEvents.map((e) => e.source)) + 1;
  const doses: ScheduledEvent[] = chosen.flatMap((r) => {
    const where = { file: scenario.file, field: `drug ${r.id}` };
    const until = Math.min(scenario.duration, r.until ? parseTime(r.until, model.timeUnit, where) : Infinity);
    const index = source++;
    return occurrences(parseTime(r.every, model.timeUnit, where), 0, until, where)
      .map((time) => ({ time, set: [], add: [{ target: r.species, value: r.amount }], description: r.label, source: index }));
  });
  // Stable: at equal times the scenario's own events come first.
  const scheduled = [...scenario.scheduled, ...doses].map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map(({ e }) => e);
  return { ...scenario, scheduled };
}
