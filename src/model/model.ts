import type { Drug } from './drugs.ts';
import type { Invariants, Role } from './schema.ts';

/** A model as plain data: what a model file says, normalised into ordered lists. */
export interface Species {
  name: string;
  initial: number;
  unit: string;
  description: string;
  source?: string;
  nonnegative: boolean;
}

export interface Parameter {
  name: string;
  value: number;
  unit: string;
  description: string;
  source: string;
  range?: [number, number];
}

export interface Input {
  name: string;
  default: number;
  unit: string;
  description: string;
}

export interface NamedExpression {
  name: string;
  expr: string;
  unit?: string;
  description?: string;
}

export interface Observable {
  name: string;
  expr: string;
  unit: string;
  description: string;
}

export interface Annotation {
  hgnc?: string;
  entrez?: string | number;
  uniprot?: string;
  mirbase?: string;
  note?: string;
}

export interface Model {
  id: string;
  title: string;
  citation: string;
  description?: string;
  timeUnit: 'second' | 'minute' | 'hour' | 'day' | 'week' | 'year';
  /** Where the model was read from, for messages; absent for models built in code. */
  file?: string;
  species: Species[];
  parameters: Parameter[];
  inputs: Input[];
  expressions: NamedExpression[];
  /** d(species)/dt, keyed by species name. */
  rates: Record<string, string>;
  observables: Observable[];
  /** Which species or observable plays each standard part (bone volume, active osteoclasts, ...). */
  roles: Partial<Record<Role, string>>;
  /** Properties that hold for any admissible parameters (checked by the property tests). */
  invariants?: Invariants;
  /** Declared limits of parameters and inputs where they differ from the default (src/model/parameterLimits.ts). */
  parameterLimits?: Record<string, [number, number]>;
  annotations: Record<string, Annotation>;
  /** Drugs a trial's regimen may name (src/model/drugs.ts); absent when the model declares none. */
  drugs?: Drug[];
  notes?: string;
}
