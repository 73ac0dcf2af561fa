import { print, printError } from './terminal.ts';
import { join } from 'node:path';
import { BonesimError, EXIT } from '../errors.ts';
import { writeFilesAtomically, type OutputFile } from '../node/atomicWrite.ts';
import { versions } from '../node/versions.ts';
import { resultToCsv } from '../io/resultCsv.ts';
import { resultToJson } from '../io/resultJson.ts';
import { createDocument, svgToString } from '../render/dom.ts';
import { svgToPng } from '../node/png.ts';
import { resultChart } from '../render/resultChart.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { simulate } from '../simulate/simulate.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { resolveTarget } from '../node/targets.ts';
import type { SimulationResult } from '../simulate/result.ts';
import { inputError } from '../errors.ts';
import { suggestName } from '../model/suggest.ts';
import { reportError } from './report.ts';
import { isSbmlFile } from '../node/sbmlFiles.ts';
import { runSbmlFile } from './runSbml.ts';
import { partialRun } from './partialRun.ts';
import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';

const FORMATS = ['csv', 'json', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

export interface RunOptions {
  out: string;
  format: string;
  /** Comma-separated species, observables or roles to chart (default: every column that changes). */
  observables?: string;
  rtol?: number;
  atol?: number;
  quiet?: boolean;
  /** For SBML files: the run length and output step (a time with a unit, or a number in the model's unit), amounts instead of concentrations, the time unit if the file declares none. */
  duration?: string;
  outputEvery?: string;
  amounts?: boolean;
  timeUnit?: string;
  /** On a numerical failure, write the trajectory up to just before it as NAME.failed.csv. */
  keepPartial?: boolean;
}

/** Run each scenario; a failing one does not stop the others. The exit code is the worst outcome. */
export async function runCommand(files: string[], options: RunOptions): Promise<number> {
  const formats = options.format.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length || !formats.length) {
    printError(`error: unknown output format "${unknown.join(', ')}"\n  what to do: choose from ${FORMATS.join(', ')}\n`);
    return EXIT.badInput;
  }
  let resolved: string[];
  try {
    resolved = files.map((f) => resolveTarget(f, ['scenario']));
    refuseSharedIds(resolved);
  } catch (error) {
    return reportError(error);
  }
  let worst: number = EXIT.ok;
  for (const file of resolved) {
    let code: number;
    try {
      code = runOne(file, formats as Format[], options);
    } catch (error) {
      code = reportError(error);
    }
    worst = Math.max(worst, code);
  }
  return worst;
}

function runOne(file: string, formats: Format[], options: RunOptions): number {
  const { scenario, model, result } = isSbmlFile(file)
    ? (() => {
      const run = runSbmlFile(file, options);
      return { scenario: run.scenario, model: run.model, result: run };
    })()
    : (() => {
      const loaded = loadScenario(file);
      const tolerances = { rtol: options.rtol, atol: options.atol };
      try {
        return { ...loaded, result: simulate(loaded.scenario, loaded.model, tolerances) };
      } catch (error) {
        if (options.keepPartial && error instanceof BonesimError) keepPartial(loaded.scenario, loaded.model, error, tolerances, options.out, file);
        throw error;
      }
    })();
  const base = join(options.out, scenario.id);
  const outputs: OutputFile[] = [];
  if (formats.includes('csv')) outputs.push({ path: `${base}.csv`, contents: resultToCsv(result) });
  if (formats.includes('json')) outputs.push({ path: `${base}.json`, contents: resultToJson(result, versions()) });
  if (formats.includes('svg') || formats.includes('png')) {
    const svg = svgToString(resultChart(createDocument(), result, { columns: chartedColumns(result, options.observables) }));
    if (formats.includes('svg')) outputs.push({ path: `${base}.svg`, contents: svg });
    if (formats.includes('png')) outputs.push({ path: `${base}.png`, contents: svgToPng(svg) });
  }
  writeFilesAtomically(outputs, [file, model.file ?? '']);

  const failed = result.expectations.filter((e) => !e.passed);
  const status = failed.length ? 'FAIL' : 'ok';
  if (!options.quiet || failed.length) {
    const passed = result.expectations.length - failed.length;
    print(`${status.padEnd(4)} ${scenario.id}  (${model.id}, ${result.times.length} points, ` +
      `${result.stats.steps} steps (${result.solver.ran.join('+')}), ${result.stats.solveMilliseconds.toFixed(0)} ms solve) ` +
      `expectations ${passed}/${result.expectations.length} -> ${outputs.map((o) => o.path).join(', ')}\n`);
    for (const e of failed) print(`     failed: ${e.text}  [${e.detail}]${e.why ? `  (${e.why})` : ''}\n`);
  }
  if (!options.quiet) for (const w of result.warnings) process.stdout.write(`     warning: ${w.message}\n`);
  return failed.length ? EXIT.expectationFailed : EXIT.ok;
}

/**
 * `--keep-partial`: a failed run's trajectory up to the failure, under a name no one takes for a
 * result (NAME.failed.csv), for diagnosis. The run still fails (the caller reports the error).
 */
function keepPartial(scenario: Scenario, model: Model, failure: BonesimError, tolerances: { rtol?: number; atol?: number }, out: string, file: string): void {
  const partial = partialRun(scenario, model, failure, tolerances);
  const unit = model.timeUnit;
  if (!partial) {
    printError(`note: no partial trajectory kept for ${scenario.id}: ${failure.kind === 'numerical' && failure.location.time !== undefined ? 'the run failed again before its failure time' : 'the failure has no time in the run'}\n`);
    return;
  }
  const path = join(out, `${scenario.id}.failed.csv`);
  writeFilesAtomically([{ path, contents: partial.csv }], [file, model.file ?? '']);
  const at = (t: number) => `t = ${Number(t.toPrecision(10))} ${unit}`;
  printError(`note: the trajectory up to ${at(partial.endTime)} (the run failed at ${at(partial.failureTime)}) is kept for diagnosis in ${path}; it is not a result\n`);
}

/** Two files with one id would write the same outputs: refuse before running either. */
function refuseSharedIds(files: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    let id: unknown;
    try {
      id = (readYamlFile(file).data as Record<string, unknown> | null)?.id;
    } catch {
      continue; // the run reports the file's own problem
    }
    if (typeof id !== 'string') continue;
    const earlier = seen.get(id);
    if (earlier && earlier !== file) {
      throw inputError(`two scenarios have the id "${id}" (${earlier} and ${file}): their outputs would overwrite each other`, { file, field: 'id' },
        'give each scenario its own id, or run them with different --out folders');
    }
    seen.set(id, file);
  }
}

/**
 * The columns to chart: those named (species, observables or roles), or by default every column
 * that changes during the run (a flat panel says nothing; the CSV still has every column).
 */
function chartedColumns(result: SimulationResult, requested?: string): string[] {
  if (!requested) {
    const changing = result.columns.filter((name) => {
      const values = result.series[name];
      const first = values[0];
      const scale = Math.max(Math.abs(first), Number.MIN_VALUE);
      return values.some((v) => !(Math.abs(v - first) <= 1e-9 * scale) && !(Number.isNaN(v) && Number.isNaN(first)));
    });
    return changing.length ? changing : result.columns;
  }
  const roles = result.model.roles as Record<string, string | undefined>;
  return requested.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    if (result.columns.includes(name)) return name;
    const byRole = roles[name];
    if (byRole && result.columns.includes(byRole)) return byRole;
    const things = [...result.model.species, ...result.model.observables, ...Object.keys(roles).map((role) => ({ name: role, description: `role ${role}` }))];
    const suggestion = suggestName(name, things);
    throw inputError(`"${name}" is not a species, observable or role of model ${result.model.id}`, { field: '--observables' },
      suggestion ? `did you mean "${suggestion.name}"${suggestion.description ? ` (${suggestion.description})` : ''}?` : `choose from: ${result.columns.join(', ')}`);
  });
}
