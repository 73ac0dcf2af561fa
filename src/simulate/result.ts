import type { RunWarning } from '../model/parameterLimits.ts';
import type { Model } from '../model/model.ts';
import type { SteadyState } from '../solve/steadyState.ts';
import type { SolverStats } from '../solve/types.ts';
import type { ExpectationOutcome } from './expectations.ts';
import type { Scenario } from './scenario.ts';

export interface EventRecord {
  time: number;
  kind: 'scheduled' | 'state';
  label: string;
  /** Index of the event in the scenario file's `events:` list. */
  source: number;
}

export interface SimulationResult {
  scenario: Scenario;
  model: Model;
  times: Float64Array;
  /** Species, then observables: the columns of the result. */
  columns: string[];
  series: Record<string, Float64Array>;
  units: Record<string, string>;
  events: EventRecord[];
  expectations: ExpectationOutcome[];
  start: { mode: Scenario['start']; steadyState?: Omit<SteadyState, 'y'> };
  /** Set when a state event with `stop: true` ended the run early. */
  stoppedAt?: { time: number; reason: string };
  /** Parameters outside the range the model was checked over, and species that grew by many orders of magnitude. */
  warnings: RunWarning[];
  /** `method` as asked for; `ran`: the integrators that actually ran, in order (auto may hand odex over to rodas5p). */
  solver: { method: string; rtol: number; atol: number; maxSteps: number; ran: string[] };
  stats: SolverStats & { segments: number; solveMilliseconds: number; totalMilliseconds: number };
}
