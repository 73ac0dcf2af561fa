import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileModel } from '../../../src/model/compile.ts';
import type { Expr } from '../../../src/model/expr.ts';
import { parseExpression } from '../../../src/model/parseExpression.ts';
import type { SimulationResult } from '../../../src/simulate/simulate.ts';

/**
 * The test's outside view of an exported SBML file: libSBML (Debian's python3-sbml5, for Debian's
 * own python3) validates it and reads it back, and scipy simulates it. These need
 * `apt-get install python3-sbml5 python3-scipy` (.ci/run installs them); without them the tests fail.
 */
export const PYTHON = process.env.BONESIM_PYTHON ?? '/usr/bin/python3';
const HERE = 'test/formats/sbml';

export interface LibsbmlProblem {
  id: number;
  severity: string;
  category: string;
  line: number;
  message: string;
}

export interface LibsbmlCheck {
  file: string;
  libsbml: string;
  level: number;
  version: number;
  problems: LibsbmlProblem[];
  modelId: string;
  modelName: string;
  missingUnits: string[];
  units: Record<string, { kinds: Record<string, number>; factor: number }>;
  timeUnits: string;
  annotations: Record<string, Array<[string, string]>>;
  notes: Record<string, string>;
  eventNames: Record<string, string>;
  counts: Record<string, number>;
}

let work: string | undefined;
let counter = 0;

/** Write SBML text where the Python side can read it. */
export function writeSbml(xml: string, name: string): string {
  work ??= mkdtempSync(join(tmpdir(), 'bonesim-sbml-'));
  const file = join(work, `${name}-${counter++}.xml`);
  writeFileSync(file, xml);
  return file;
}

function python(args: string[]): string {
  try {
    return execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    if (/No module named '(libsbml|scipy)'/.test(e.stderr ?? '')) {
      throw new Error(`${PYTHON} lacks libSBML or scipy: apt-get install python3-sbml5 python3-scipy (${e.stderr?.trim()})`);
    }
    throw new Error(`${PYTHON} ${args.join(' ').slice(0, 200)} failed: ${e.stderr ?? e.message}`);
  }
}

/** libSBML's full consistency check (units included) and what it reads back, for each file. */
export function libsbmlCheck(files: readonly string[]): LibsbmlCheck[] {
  return python([join(HERE, 'libsbml_check.py'), ...files]).trim().split('\n').map((line) => JSON.parse(line) as LibsbmlCheck);
}

/** libsbmlCheck in `processes` Python processes at once (libSBML's unit checks of a large model take most of a second). */
export async function libsbmlCheckInParallel(files: readonly string[], processes = 2): Promise<LibsbmlCheck[]> {
  const chunks = Array.from({ length: processes }, (_, k) => files.filter((_, i) => i % processes === k));
  const outputs = await Promise.all(chunks.filter((c) => c.length).map((chunk) => new Promise<string>((resolve, reject) => {
    execFile(PYTHON, [join(HERE, 'libsbml_check.py'), ...chunk], { encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout, stderr) =>
      (error ? reject(new Error(`${PYTHON} libsbml_check.py failed: ${stderr || error.message}`)) : resolve(stdout)));
  })));
  const byFile = new Map(outputs.flatMap((out) => out.trim().split('\n').map((line) => JSON.parse(line) as LibsbmlCheck)).map((c) => [c.file, c]));
  return files.map((f) => byFile.get(f)!);
}

export function describeProblems(problems: readonly LibsbmlProblem[]): string {
  return problems.map((p) => `${p.severity} ${p.id} (${p.category}) line ${p.line}: ${p.message}`).join('\n');
}

export interface IndependentRun {
  times: number[];
  values: Record<string, number[]>;
  events: Array<[number, string]>;
}

/** Simulate an SBML file with libSBML + scipy (simulate_sbml.py), reporting at `times`. */
export function simulateSbml(file: string, end: number, times: ArrayLike<number>, options: { rtol?: number; atol?: number } = {}): IndependentRun {
  const args = [join(HERE, 'simulate_sbml.py'), file, '--end', String(end), '--times', Array.from(times).join(',')];
  if (options.rtol) args.push('--rtol', String(options.rtol));
  if (options.atol) args.push('--atol', String(options.atol));
  return JSON.parse(python(args)) as IndependentRun;
}

export interface Agreement {
  /** Largest |a - b| / max(|b|, 1e-3 peak, 1e-12) over every column and time: relative, except near a column's zero. */
  worst: number;
  where: string;
  columns: number;
}

/**
 * How far bonesim's run and another's agree: per column and output time, the difference relative
 * to the value, where values below a thousandth of the column's largest magnitude (a population
 * passing near zero, a turnover that cancels) are compared at that thousandth, and a column that
 * stays at zero (no drug given) is compared at 1e-12 of its unit, far below both runs' tolerances.
 * An observable that is a sum or difference (a turnover: made minus lost) uses as its peak the
 * largest magnitude of its terms, since that is the size of what cancels in it (cancellationPeaks).
 */
export function agreement(run: SimulationResult, other: { times: ArrayLike<number>; values: Record<string, ArrayLike<number>> },
  columns = run.columns, termPeaks: Readonly<Record<string, number>> = cancellationPeaks(run)): Agreement {
  if (other.times.length !== run.times.length) throw new Error(`the runs report ${run.times.length} and ${other.times.length} times`);
  for (let i = 0; i < run.times.length; i++) {
    if (Math.abs(other.times[i] - run.times[i]) > 1e-9 * Math.max(1, Math.abs(run.times[i]))) throw new Error(`output time ${i} differs: ${run.times[i]} and ${other.times[i]}`);
  }
  let worst = 0;
  let where = '';
  for (const name of columns) {
    const a = run.series[name];
    const b = other.values[name];
    if (!b) throw new Error(`the other run has no column ${name}`);
    let peak = termPeaks[name] ?? 0;
    for (let i = 0; i < b.length; i++) peak = Math.max(peak, Math.abs(b[i]), Math.abs(a[i]));
    for (let i = 0; i < a.length; i++) {
      const error = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3 * peak, 1e-12);
      if (!(error <= worst)) {
        worst = Number.isNaN(error) ? Infinity : error;
        where = `${name} at t = ${run.times[i]}: ${a[i]} vs ${b[i]}`;
      }
    }
  }
  return { worst, where, columns: columns.length };
}

/** For each observable written as a sum or difference, the largest magnitude any of its terms reaches in the run. */
export function cancellationPeaks(run: SimulationResult): Record<string, number> {
  const model = run.model;
  const compiled = compileModel(model, { inputs: run.scenario.inputs });
  const p = Float64Array.from(compiled.p0);
  for (const [name, value] of Object.entries(run.scenario.parameters)) p[compiled.parameterIndex(name)] = value;
  const peaks: Record<string, number> = {};
  const y = new Float64Array(model.species.length);
  for (const o of model.observables) {
    const terms: Expr[] = [];
    const split = (e: Expr) => {
      if (e.type === 'binary' && (e.op === '+' || e.op === '-')) {
        split(e.left);
        split(e.right);
      } else terms.push(e);
    };
    split(parseExpression(o.expr));
    if (terms.length < 2) continue;
    const fns = terms.map((term) => compiled.compileScalar(term));
    let peak = 0;
    for (let i = 0; i < run.times.length; i++) {
      model.species.forEach((s, k) => (y[k] = run.series[s.name][i]));
      for (const fn of fns) peak = Math.max(peak, Math.abs(fn(run.times[i], y, p)));
    }
    peaks[o.name] = peak;
  }
  return peaks;
}

/**
 * A run without its rows from just before events: bonesim reports an acting event's time twice,
 * the state before it and after it; an SBML simulator reports the state after events at an output time.
 */
export function withoutRowsBeforeEvents(run: SimulationResult): SimulationResult {
  const keep: number[] = [];
  for (let i = 0; i < run.times.length; i++) if (!(i + 1 < run.times.length && run.times[i + 1] === run.times[i])) keep.push(i);
  const series: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(run.series)) series[name] = Float64Array.from(keep, (i) => values[i]);
  return { ...run, times: Float64Array.from(keep, (i) => run.times[i]), series };
}
