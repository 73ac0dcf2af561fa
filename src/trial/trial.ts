import type { EnsembleDesign } from '../ensemble/design.ts';
import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';

/** A virtual clinical trial as plain data: every time in the model's time unit, every dose in its drug's state units. */
export interface Trial {
  id: string;
  title: string;
  description: string;
  source: string;
  file?: string;
  /** The model file the trial runs. */
  modelFile: string;
  /** 'typical': one patient with the model's parameters (and the trial's overrides); else a population design's members, each against its own baseline. */
  population: 'typical' | TrialPopulation;
  monthDays: number;
  /** Parameter overrides for every arm, applied before each patient's rest state is found. */
  parameters: Record<string, number>;
  /** Where the overrides came from (a parameter-set file), if not the trial file itself. */
  parametersFile?: string;
  duration: number;
  outputEvery: number;
  arms: TrialArm[];
  /** Visit times, rising. */
  visits: number[];
  endpoints: TrialEndpoint[];
  data: TrialDataPoint[];
}

export interface TrialPopulation {
  /** The ensemble design file (a population design: distributions, correlations, a table). */
  file: string;
  design: EnsembleDesign;
  members: number;
}

export interface TrialEndpoint {
  /** An observable or species of the model. */
  name: string;
  title: string;
  /** true: percent of the arm's baseline; false: the quantity's own value. */
  relative: boolean;
  unit: string;
}

export interface DoseEvent {
  time: number;
  drug: string;
  /** As written, e.g. "60 mg". */
  dose: string;
  /** The amount added to the drug's species, in that species' unit (per_dose_unit may name a parameter: then an expression). */
  amount: number | string;
  into: string;
  /** Position of the regimen item in the arm. */
  item: number;
}

export interface TrialArm {
  id: string;
  title: string;
  description: string;
  regimen: DoseEvent[];
  set: Record<string, number>;
  /** The arm as a scenario: the rest state, the arm's changes at day 0, every dose an event. */
  scenario: Scenario;
}

export interface TrialDataPoint {
  arm: string;
  endpoint: string;
  visit: number;
  /** The visit as written, e.g. "12 month". */
  visitText: string;
  value: number;
  low?: number;
  high?: number;
  tolerance?: number;
  over?: string;
  note?: string;
  /** Index in the file's `data:` list. */
  index: number;
  line?: number;
}

export interface LoadedTrial {
  trial: Trial;
  model: Model;
}

/**
 * The data point's accepted interval: its low/high (a 95 % interval), or value +/- tolerance; undefined when it gives neither.
 */
export function spreadOf(point: TrialDataPoint): [number, number] | undefined {
  if (point.low !== undefined && point.high !== undefined) return [point.low, point.high];
  // Rounded to 12 digits, so that 40.7 - 10 reads 30.7.
  if (point.tolerance !== undefined) return [Number((point.value - point.tolerance).toPrecision(12)), Number((point.value + point.tolerance).toPrecision(12))];
  return undefined;
}

/** The standard deviation a data point's spread implies: a 95 % interval is +/- 1.96 sigma. */
export function sigmaOf(point: TrialDataPoint): number | undefined {
  const spread = spreadOf(point);
  return spread ? (spread[1] - spread[0]) / (2 * 1.959963984540054) : undefined;
}
