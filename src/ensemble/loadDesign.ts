import { inputError, type ErrorLocation } from '../errors.ts';
import { parseYaml, validateWith, type YamlSource } from '../io/yamlSource.ts';
import { closestName } from '../model/suggest.ts';
import { cholesky, symmetricEigenvalues } from './correlation.ts';
import type { Analysis, Copula, EnsembleDesign, GridAxis, ParameterTable, SampledParameter } from './design.ts';
import { resolveDistribution } from './designDistributions.ts';
import { ANALYSIS_MODES, designSchemaFor, type DesignFile, type GridAxisFile, type MatrixCorrelationFile, type PairCorrelationFile } from './designSchema.ts';
import { parseParameterTable } from './designTable.ts';
import { resolveAnalysis } from './resolveAnalysis.ts';

/** A design file read and checked for shape; what it needs from the model comes next. */
export interface ParsedDesign {
  source: YamlSource;
  data: DesignFile;
}

/** What resolving a design needs to know about the model it runs (a compiled model has all of it). */
export interface DesignContext {
  /** The model's parameter vector layout: parameters, then inputs (CompiledModel.parameterNames). */
  parameterNames: readonly string[];
  /** Their nominal values, same order (CompiledModel.p0). */
  nominal: ArrayLike<number>;
  /** The text of a CSV file named in `table:` (the path as written; relative to the design file). */
  readTable?: (path: string) => string;
  /** Structural switches and unit conversions (the model's invariants.fixed): left out of `parameters: all` (so are balancedBy and scenarioSets). */
  fixed?: readonly string[];
  /**
   * The parameter re-derived for every member so that bone volume is balanced at its own rest state
   * (the model's invariants.balanced_by, e.g. k_res): it cannot be varied.
   */
  balancedBy?: string;
  /** Parameters the scenario itself sets (at t = 0 or by events): varying them is noted. */
  scenarioSets?: readonly string[];
  /** The scenario's relative tolerance: the default local step follows from it. */
  rtol?: number;
}

/** Most members a design may have (the counter-based streams and Sobol indices are 32-bit). */
export const MAX_MEMBERS = 2 ** 32 - 1;

/**
 * Read a design file's text: YAML, then its shape. Names and values are checked by resolveEnsembleDesign.
 *
 * @example
 * ```ts
 * const parsed = parseEnsembleDesign(text, 'ensembles/opg-knockout-sobol.yaml');
 * parsed.data.scenario; // 'opg-knockout'
 * ```
 */
export function parseEnsembleDesign(text: string, file: string): ParsedDesign {
  const source = parseYaml(text, file);
  const raw = source.data;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const record = raw as Record<string, unknown>;
    const analysis = record.analysis;
    if (analysis !== null && typeof analysis === 'object' && !Array.isArray(analysis) && !('mode' in analysis)) {
      throw inputError('the analysis needs a `mode`', source.locate(['analysis']), `one of ${ANALYSIS_MODES.join(', ')}`);
    }
    const parameters = record.parameters;
    if (parameters !== undefined && parameters !== 'all' && (parameters === null || typeof parameters !== 'object')) {
      throw inputError('parameters must be a mapping of parameter names to distributions (for a local analysis: a list of names, or all)',
        source.locate(['parameters']), 'e.g. "k_form: { distribution: log-normal, cv: 0.2 }"');
    }
  }
  const data = validateWith(source, designSchemaFor(raw), 'ensemble design') as DesignFile;
  return { source, data };
}

/**
 * Parse and resolve in one step, when the model is already known.
 *
 * @example
 * ```ts
 * const design = loadEnsembleDesign(text, file, { parameterNames: compiled.parameterNames, nominal: compiled.p0 });
 * ```
 */
export function loadEnsembleDesign(text: string, file: string, context: DesignContext): EnsembleDesign {
  return resolveEnsembleDesign(parseEnsembleDesign(text, file), context);
}

/**
 * Check a parsed design against the model's parameters and turn it into an EnsembleDesign.
 *
 * @example
 * ```ts
 * const design = resolveEnsembleDesign(parseEnsembleDesign(text, file), { parameterNames: compiled.parameterNames, nominal: compiled.p0 });
 * ```
 */
export function resolveEnsembleDesign(parsed: ParsedDesign, context: DesignContext): EnsembleDesign {
  const { source, data } = parsed;
  const at = (...path: Array<string | number>): ErrorLocation => source.locate(path);
  const index = new Map(context.parameterNames.map((name, i) => [name, i]));
  if (context.nominal.length !== context.parameterNames.length) throw new RangeError('nominal values and parameter names differ in length');
  const nominal = Float64Array.from(context.nominal);
  const parameterAt = (name: string, where: ErrorLocation): number => {
    const i = index.get(name);
    if (i === undefined) {
      const suggestion = closestName(name, index.keys());
      throw inputError(`"${name}" is not a parameter of the model`, where,
        suggestion ? `did you mean "${suggestion}"?` : 'use a parameter or input of the scenario\'s model (`bonesim validate` lists them)');
    }
    return i;
  };
  const mode = data.analysis?.mode ?? 'population';
  const forbid = (field: keyof DesignFile, why: string) => {
    if (data[field] !== undefined) throw inputError(`a ${mode} analysis takes no \`${field}\``, at(field), why);
  };

  // Parameters drawn from distributions.
  const sampled: SampledParameter[] = [];
  if (data.parameters !== undefined && !Array.isArray(data.parameters) && data.parameters !== 'all') {
    for (const [name, spec] of Object.entries(data.parameters)) {
      const i = parameterAt(name, at('parameters', name));
      const field = (f?: string) => (f ? at('parameters', name, f) : at('parameters', name));
      sampled.push({ name, index: i, distribution: resolveDistribution(spec, name, nominal[i], field) });
    }
  } else if (data.parameters !== undefined && mode !== 'local') {
    throw inputError(`a ${mode} design gives each varied parameter a distribution`, at('parameters'),
      'e.g. "parameters: { k_form: { distribution: log-normal, cv: 0.2 } }"; a list of names is for a local analysis');
  }

  if (mode !== 'population') {
    forbid('grid', 'grid sweeps belong to population designs');
    forbid('table', 'given parameter sets belong to population designs');
    forbid('correlations', 'Morris, Sobol and local analyses assume independent parameters');
  }
  const copula = data.correlations !== undefined ? resolveCorrelations(data.correlations, sampled, at) : undefined;
  const grid = data.grid !== undefined ? resolveGrid(data.grid, parameterAt, at) : [];
  let table: ParameterTable | undefined;
  if (data.table !== undefined) {
    if (!context.readTable) throw inputError('this design names a table, but no way to read it was given', at('table'), 'load the design with its file path');
    let text: string;
    try {
      text = context.readTable(data.table);
    } catch (error) {
      throw inputError(`cannot read the table "${data.table}": ${(error as Error).message}`, at('table'), 'give a CSV path relative to the design file');
    }
    table = parseParameterTable(text, data.table, index);
  }

  // A parameter is set by one source only.
  const owner = new Map<string, string>();
  const claim = (name: string, by: string, where: ErrorLocation) => {
    const first = owner.get(name);
    if (first) throw inputError(`${name} is given both by ${first} and by ${by}`, where, 'vary each parameter in one way only');
    owner.set(name, by);
  };
  for (const s of sampled) claim(s.name, 'parameters', at('parameters', s.name));
  for (const axis of grid) claim(axis.name, 'grid', at('grid', axis.name));
  for (const name of table?.names ?? []) claim(name, `the table ${table!.file}`, at('table'));

  const analysis: Analysis = resolveAnalysis({ data, mode, sampled, nominal, context, parameterAt, at, forbid });

  let populationSize = 1;
  if (mode === 'population') {
    if (!sampled.length && !grid.length && !table) {
      throw inputError('this design varies nothing', at(), 'give parameters with distributions, a grid, or a table of parameter sets');
    }
    if (table) {
      if (data.samples !== undefined) throw inputError('a table gives one member per row, so `samples` does not apply', at('samples'), 'leave samples out');
      populationSize = table.rows;
    } else if (sampled.length) {
      if (data.samples === undefined) throw inputError('how many members? `samples` is missing', at(), 'e.g. samples: 1000');
      populationSize = data.samples;
    } else if (data.samples !== undefined) {
      throw inputError('`samples` needs parameters with distributions to draw', at('samples'), 'leave samples out for a pure grid sweep');
    }
  } else if (analysis.mode === 'sobol') {
    populationSize = analysis.baseSamples;
  }
  const gridPoints = grid.reduce((n, axis) => n * axis.values.length, 1);
  const count = memberTotal(analysis, sampled.length, populationSize, gridPoints);
  if (count > MAX_MEMBERS) {
    throw inputError(`this design has ${count} members; the limit is ${MAX_MEMBERS}`, at(mode === 'population' ? 'samples' : 'analysis'), 'split it into several designs');
  }

  const columns: EnsembleDesign['columns'] = [];
  const pushColumn = (name: string, i: number) => columns.some((c) => c.index === i) || columns.push({ name, index: i });
  for (const s of sampled) pushColumn(s.name, s.index);
  for (const axis of grid) pushColumn(axis.name, axis.index);
  for (const [k, name] of (table?.names ?? []).entries()) pushColumn(name, table!.indices[k]);
  if (analysis.mode === 'local') for (const p of analysis.parameters) pushColumn(p.name, p.index);

  if (context.balancedBy) {
    const varied = columns.find((c) => c.name === context.balancedBy);
    if (varied) {
      const where = sampled.some((s) => s.name === varied.name) ? at('parameters', varied.name) : grid.some((g) => g.name === varied.name) ? at('grid', varied.name) : at('table');
      throw inputError(`${varied.name} is re-derived for every member so that bone volume is balanced at rest (the model's invariants.balanced_by), so it cannot be varied`,
        where, 'vary the formation or resorption parameters it balances instead');
    }
  }
  const notes: string[] = [];
  const setByScenario = new Set(context.scenarioSets ?? []);
  for (const c of columns) {
    if (setByScenario.has(c.name)) notes.push(`the scenario also sets ${c.name}: each member's value holds until then (it sets the member's own steady state)`);
  }

  return {
    id: data.id,
    title: data.title,
    ...(data.description ? { description: data.description } : {}),
    file: source.file,
    scenario: data.scenario,
    seed: data.seed,
    parameterNames: [...context.parameterNames],
    nominal,
    sampled,
    ...(copula ? { copula } : {}),
    grid,
    ...(table ? { table } : {}),
    populationSize,
    sampling: data.sampling,
    analysis,
    columns,
    notes,
  };
}

function memberTotal(analysis: Analysis, d: number, populationSize: number, gridPoints: number): number {
  switch (analysis.mode) {
    case 'population': return gridPoints * populationSize;
    case 'local': return 1 + 2 * analysis.parameters.length * (analysis.richardson ? 2 : 1);
    case 'morris': return analysis.trajectories * (d + 1);
    case 'sobol': return analysis.baseSamples * analysis.blockSize;
  }
}

function resolveGrid(grid: Record<string, GridAxisFile>, parameterAt: (name: string, where: ErrorLocation) => number,
  at: (...path: Array<string | number>) => ErrorLocation): GridAxis[] {
  const names = Object.keys(grid);
  if (names.length < 1 || names.length > 2) {
    throw inputError(`a grid sweeps one or two parameters, this one has ${names.length}`, at('grid'), 'for more parameters, draw them from distributions (population) or use a Sobol analysis');
  }
  return names.map((name) => {
    const axis = grid[name];
    const where = (field?: string) => (field ? at('grid', name, field) : at('grid', name));
    const index = parameterAt(name, where());
    let values: Float64Array;
    if (axis.values !== undefined) {
      if (axis.from !== undefined || axis.to !== undefined || axis.steps !== undefined) {
        throw inputError('give either `values` or `from`, `to` and `steps`', where('values'), 'keep one form');
      }
      values = Float64Array.from(axis.values);
    } else {
      if (axis.from === undefined || axis.to === undefined || axis.steps === undefined) {
        const missing = axis.from === undefined ? 'from' : axis.to === undefined ? 'to' : 'steps';
        throw inputError(`a grid axis needs \`from\`, \`to\` and \`steps\` (or \`values\`); \`${missing}\` is missing`, where(), 'e.g. { from: 0.5, to: 2, steps: 7, spacing: log }');
      }
      const { from, to, steps } = axis;
      if (from === to) throw inputError(`from and to are both ${from}`, where('to'), 'give a range, or a single value in `values`');
      if (axis.spacing === 'log') {
        if (!(from > 0 && to > 0)) throw inputError(`a log-spaced axis needs positive ends, got ${from} to ${to}`, where('from'), 'use spacing: linear');
        const [a, b] = [Math.log(from), Math.log(to)];
        values = Float64Array.from({ length: steps }, (_, k) => (k === 0 ? from : k === steps - 1 ? to : Math.exp(a + ((b - a) * k) / (steps - 1))));
      } else {
        values = Float64Array.from({ length: steps }, (_, k) => (k === steps - 1 ? to : from + ((to - from) * k) / (steps - 1)));
      }
    }
    return { name, index, values };
  });
}

function resolveCorrelations(spec: PairCorrelationFile[] | MatrixCorrelationFile, sampled: SampledParameter[],
  at: (...path: Array<string | number>) => ErrorLocation): Copula {
  const position = new Map(sampled.map((s, k) => [s.name, k]));
  const positionOf = (name: string, where: ErrorLocation) => {
    const k = position.get(name);
    if (k === undefined) {
      const suggestion = closestName(name, position.keys());
      throw inputError(`"${name}" has no distribution in parameters, so it cannot be correlated`, where,
        suggestion ? `did you mean "${suggestion}"?` : 'give it a distribution under parameters first');
    }
    return k;
  };
  let members: number[];
  let matrix: Float64Array;
  let where: ErrorLocation;
  if (Array.isArray(spec)) {
    where = at('correlations');
    const involved = new Set<number>();
    spec.forEach((pair, p) => pair.between.forEach((name, side) => involved.add(positionOf(name, at('correlations', p, 'between', side)))));
    members = [...involved].sort((a, b) => a - b);
    const n = members.length;
    const slot = new Map(members.map((k, s) => [k, s]));
    matrix = new Float64Array(n * n);
    for (let s = 0; s < n; s++) matrix[s * n + s] = 1;
    const given = new Set<string>();
    spec.forEach((pair, p) => {
      const [a, b] = pair.between.map((name) => slot.get(position.get(name)!)!);
      if (a === b) throw inputError(`${pair.between[0]} is correlated with itself`, at('correlations', p, 'between'), 'name two different parameters');
      const key = `${Math.min(a, b)},${Math.max(a, b)}`;
      if (given.has(key)) throw inputError(`the pair ${pair.between.join(', ')} is given twice`, at('correlations', p), 'keep one');
      given.add(key);
      if (!(Math.abs(pair.rho) < 1)) throw inputError(`rho must lie strictly between -1 and 1, got ${pair.rho}`, at('correlations', p, 'rho'), 'a correlation of ±1 makes one parameter a function of the other: vary one of them');
      matrix[a * n + b] = matrix[b * n + a] = pair.rho;
    });
  } else {
    where = at('correlations', 'matrix');
    const names = spec.parameters;
    const n = names.length;
    members = names.map((name, k) => positionOf(name, at('correlations', 'parameters', k)));
    if (new Set(members).size !== n) throw inputError('a parameter is listed twice', at('correlations', 'parameters'), 'list each once');
    if (spec.matrix.length !== n || spec.matrix.some((row) => row.length !== n)) {
      throw inputError(`the matrix must be ${n} x ${n}, one row and column per listed parameter`, where, 'write one row per parameter, in the order listed');
    }
    matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = spec.matrix[i][j];
        if (i === j && v !== 1) throw inputError(`the diagonal must be 1, got ${v} for ${names[i]}`, at('correlations', 'matrix', i, j), 'a parameter is perfectly correlated with itself');
        if (i !== j && !(Math.abs(v) < 1)) throw inputError(`correlations lie strictly between -1 and 1, got ${v}`, at('correlations', 'matrix', i, j), 'lower it');
        if (v !== spec.matrix[j][i]) throw inputError(`the matrix is not symmetric: ${names[i]}-${names[j]} is ${v} but ${names[j]}-${names[i]} is ${spec.matrix[j][i]}`, at('correlations', 'matrix', i, j), 'make both entries equal');
        matrix[i * n + j] = v;
      }
    }
  }
  const n = members.length;
  const factored = cholesky(matrix, n);
  if ('failedAt' in factored) {
    const smallest = symmetricEigenvalues(matrix, n)[0];
    throw inputError(`these correlations cannot hold together: the matrix is not positive definite (smallest eigenvalue ${smallest.toPrecision(3)})`, where,
      'some correlations contradict each other (e.g. a-b 0.9 and b-c 0.9 force a-c above 0.6): weaken the strongest ones');
  }
  return { positions: Int32Array.from(members), matrix, factor: factored.factor };
}
