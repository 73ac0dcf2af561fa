import { z } from 'zod';

/**
 * The ensemble design file as written (YAML). Shapes only: which fields a distribution needs, names,
 * bounds and sizes are checked by the resolver, which can name the model's parameters and say what
 * to write instead.
 */
const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number', abort: true });
const text = z.string().min(1, { message: 'must not be empty' });
const positiveInteger = z.number().int({ message: 'must be a whole number' }).positive();

export const DISTRIBUTION_KINDS = ['uniform', 'log-uniform', 'normal', 'log-normal'] as const;

const distribution = z.strictObject({
  distribution: z.enum(DISTRIBUTION_KINDS),
  /** Bounds: the range of a uniform or log-uniform, the truncation of a normal or log-normal. */
  lower: finite.optional(),
  upper: finite.optional(),
  /** uniform: nominal x (1 ± spread). */
  spread: finite.optional(),
  /** log-uniform: nominal / factor .. nominal x factor. */
  factor: finite.optional(),
  /** normal: mean (default: the nominal value) and sd or cv. */
  mean: finite.optional(),
  sd: finite.optional(),
  /** normal and log-normal: coefficient of variation (sd / mean) of the untruncated distribution. */
  cv: finite.optional(),
  /** log-normal: median (default: the nominal value) and geometric SD (exp of the SD of ln x) or cv. */
  median: finite.optional(),
  gsd: finite.optional(),
  description: text.optional(),
});

const gridAxis = z.strictObject({
  from: finite.optional(),
  to: finite.optional(),
  steps: z.number().int({ message: 'must be a whole number' }).min(2).max(100_000).optional(),
  spacing: z.enum(['linear', 'log']).default('linear'),
  /** Or the values themselves. */
  values: z.array(finite).min(1).optional(),
});

const pairCorrelation = z.strictObject({
  between: z.tuple([text, text]),
  rho: finite,
});

const matrixCorrelation = z.strictObject({
  parameters: z.array(text).min(2),
  matrix: z.array(z.array(finite)),
});

const populationAnalysis = z.strictObject({
  mode: z.literal('population'),
  /** Percentiles (0-100) of the bands over time and of the metric distributions. */
  percentiles: z.array(finite).min(1).default([5, 25, 50, 75, 95]),
});

const localAnalysis = z.strictObject({
  mode: z.literal('local'),
  /** Central-difference step in ln(parameter); default (10 rtol)^(1/3) from the scenario's solver tolerance. */
  step: z.number().positive().max(0.5).optional(),
  /** Also run at twice the step: Richardson extrapolation and an error estimate per coefficient. */
  richardson: z.boolean().default(true),
});

const morrisAnalysis = z.strictObject({
  mode: z.literal('morris'),
  trajectories: positiveInteger.max(100_000).default(20),
  levels: z.number().int({ message: 'must be a whole number' }).min(2).max(1000).default(4),
  /** Campolongo et al. (2007): draw this many candidate trajectories and keep the most spread out. */
  candidates: positiveInteger.max(5000).optional(),
  bootstrap: z.number().int().min(0).max(100_000).default(1000),
  confidence: z.number().gt(0).lt(1).default(0.95),
});

const sobolAnalysis = z.strictObject({
  mode: z.literal('sobol'),
  /** Also the B_A^(i) matrices: second-order indices, N (2d + 2) runs instead of N (d + 2). */
  second_order: z.boolean().default(false),
  bootstrap: z.number().int().min(0).max(100_000).default(1000),
  confidence: z.number().gt(0).lt(1).default(0.95),
});

export const ANALYSIS_MODES = ['population', 'local', 'morris', 'sobol'] as const;
export type AnalysisMode = (typeof ANALYSIS_MODES)[number];

const analysisSchemas = { population: populationAnalysis, local: localAnalysis, morris: morrisAnalysis, sobol: sobolAnalysis };

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
  title: text,
  description: text.optional(),
  /** The scenario every member runs: an id (scenarios/) or a path relative to this file. */
  scenario: text,
  seed: z.number().int({ message: 'must be a whole number' }).min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  /** Population members, or N base samples of a Sobol analysis. */
  samples: positiveInteger.max(2 ** 32 - 1).optional(),
  sampling: z.enum(['random', 'sobol']).default('random'),
  grid: z.record(z.string(), gridAxis).optional(),
  /** A CSV file of given parameter sets: a header of parameter names, one member per row. */
  table: text.optional(),
};

/**
 * The schema for this file: where a field may take one of several shapes (parameters as
 * distributions or as a list of names, correlations as pairs or as a matrix, the analysis by its
 * mode), the shape written picks the schema, so a mistake is reported inside that shape rather
 * than as "none of the forms matched".
 */
export function designSchemaFor(data: unknown) {
  const raw = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const parameters = Array.isArray(raw.parameters) ? z.array(text)
    : raw.parameters === 'all' ? z.literal('all')
      : z.record(z.string(), distribution);
  const correlations = Array.isArray(raw.correlations) ? z.array(pairCorrelation) : matrixCorrelation;
  const analysis = raw.analysis as Record<string, unknown> | undefined;
  const mode = analysis && typeof analysis === 'object' && typeof analysis.mode === 'string' && analysis.mode in analysisSchemas
    ? (analysis.mode as AnalysisMode) : undefined;
  const analysisSchema = mode ? analysisSchemas[mode]
    : z.strictObject({ mode: z.enum(ANALYSIS_MODES) }).passthrough();
  return z.strictObject({
    ...common,
    parameters: parameters.optional(),
    correlations: correlations.optional(),
    analysis: analysisSchema.optional(),
  });
}

export type DistributionFile = z.infer<typeof distribution>;
export type GridAxisFile = z.infer<typeof gridAxis>;
export type PairCorrelationFile = z.infer<typeof pairCorrelation>;
export type MatrixCorrelationFile = z.infer<typeof matrixCorrelation>;
export type AnalysisFile =
  | z.infer<typeof populationAnalysis>
  | z.infer<typeof localAnalysis>
  | z.infer<typeof morrisAnalysis>
  | z.infer<typeof sobolAnalysis>;

/** The validated file (the shapes of designSchemaFor, merged). */
export interface DesignFile {
  id: string;
  title: string;
  description?: string;
  scenario: string;
  seed: number;
  samples?: number;
  sampling: 'random' | 'sobol';
  parameters?: Record<string, DistributionFile> | string[] | 'all';
  correlations?: PairCorrelationFile[] | MatrixCorrelationFile;
  grid?: Record<string, GridAxisFile>;
  table?: string;
  analysis?: AnalysisFile;
}
