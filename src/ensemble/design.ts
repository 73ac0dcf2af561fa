import type { Distribution } from './distributions.ts';

/**
 * An ensemble design, resolved against the model it runs: plain data (typed arrays, numbers,
 * strings), so it can be sent to a worker thread or written to a manifest as it is. Every member's
 * parameters follow from it and the member's index alone (see sampling.ts).
 */
export interface EnsembleDesign {
  id: string;
  title: string;
  description?: string;
  /** The design file (for messages), and the scenario as written there (an id or a relative path). */
  file: string;
  scenario: string;
  seed: number;
  /** The model's parameter vector layout (parameters, then inputs) and its nominal values. */
  parameterNames: readonly string[];
  nominal: Float64Array;
  /** Parameters drawn from distributions (population, Morris, Sobol), in the order written. */
  sampled: SampledParameter[];
  /** A Gaussian copula over some of the sampled parameters (population designs only). */
  copula?: Copula;
  /** Grid axes (population designs): each member is one grid point crossed with one population member. */
  grid: GridAxis[];
  /** Given parameter sets (population designs): one population member per row. */
  table?: ParameterTable;
  /** Population members per grid point: table rows, or `samples`, or 1 for a pure sweep. */
  populationSize: number;
  /** How population members' uniforms are drawn: counter-based Monte Carlo, or scrambled Sobol points. */
  sampling: 'random' | 'sobol';
  analysis: Analysis;
  /** Every parameter a member can change, in a fixed order: the per-member columns of an output table. */
  columns: Array<{ name: string; index: number }>;
  /** Things the user should know that are not errors (e.g. a varied parameter the scenario also sets). */
  notes: string[];
}

export interface SampledParameter {
  name: string;
  /** Position in the model's parameter vector. */
  index: number;
  distribution: Distribution;
}

export interface GridAxis {
  name: string;
  index: number;
  values: Float64Array;
}

export interface ParameterTable {
  /** The CSV file as named in the design, and the parameters of its columns. */
  file: string;
  names: string[];
  indices: Int32Array;
  rows: number;
  /** Row-major values, rows x names.length. */
  values: Float64Array;
  /** The rows' `id` column, when the CSV has one (patient labels for the outputs). */
  labels?: string[];
}

export interface Copula {
  /** Positions in `sampled` of the coupled parameters, in the matrix's order. */
  positions: Int32Array;
  /** The normal-score correlation matrix and its lower Cholesky factor, row-major. */
  matrix: Float64Array;
  factor: Float64Array;
}

export type Analysis = PopulationAnalysis | LocalAnalysis | MorrisAnalysis | SobolAnalysis;

export interface PopulationAnalysis {
  mode: 'population';
  /** Percentiles, 0-100. */
  percentiles: number[];
}

/**
 * Normalised local sensitivities at the nominal point by central differences in ln(parameter):
 * member 0 is the nominal point, then for each parameter k members 1 + 2k and 2 + 2k at
 * p_k e^(-h) and p_k e^(+h); with Richardson, then 1 + 2d + 2k and 2 + 2d + 2k at e^(∓2h).
 */
export interface LocalAnalysis {
  mode: 'local';
  /** Perturbed parameters: names and positions in the parameter vector. */
  parameters: Array<{ name: string; index: number }>;
  /** The step h in ln(parameter). */
  step: number;
  /** Why this step (default rule or the file's value). */
  stepReason: string;
  richardson: boolean;
}

/**
 * Morris elementary effects: `trajectories` trajectories of d + 1 points on a p-level grid in the
 * unit cube, mapped through each parameter's quantile function. Member i is point i mod (d + 1) of
 * trajectory floor(i / (d + 1)).
 */
export interface MorrisAnalysis {
  mode: 'morris';
  trajectories: number;
  levels: number;
  /** The grid jump Δ = p / (2 (p - 1)), in unit-cube coordinates. */
  delta: number;
  /** Optimised designs: the candidate numbers kept, one per trajectory (Campolongo et al. 2007). */
  chosen?: Int32Array;
  candidates?: number;
  bootstrap: number;
  confidence: number;
}

/**
 * Sobol indices by Saltelli sampling on a scrambled Sobol sequence of dimension 2d: A from the
 * first d columns, B from the last d. Members come in blocks of `blockSize` per base row j (the
 * layout of SALib): A_j, AB_j^(1..d) (A with column k from B), then with second order
 * BA_j^(1..d) (B with column k from A), then B_j. blockSize is d + 2 (first-order and total
 * indices, Saltelli 2010) or 2d + 2 (also second-order indices, Saltelli 2002).
 */
export interface SobolAnalysis {
  mode: 'sobol';
  /** N: base rows. */
  baseSamples: number;
  secondOrder: boolean;
  blockSize: number;
  bootstrap: number;
  confidence: number;
}
