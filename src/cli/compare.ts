import { print, printError } from './terminal.ts';
import { resolve } from 'node:path';
import { compareRuns, type Comparison } from '../analysis/compare.ts';
import { EXIT } from '../errors.ts';
import { writeFilesAtomically } from '../node/atomicWrite.ts';
import { comparisonOutputs } from '../node/comparisonOutputs.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { simulate, type SimulationResult } from '../simulate/simulate.ts';
import { resolveTarget } from '../node/targets.ts';
import { reportError } from './report.ts';

export interface CompareCommandOptions {
  out: string;
  /** Comma-separated role or column names. */
  observables?: string;
  /** A scenario file to measure the others against. */
  baseline?: string;
  log?: boolean;
  title?: string;
  quiet?: boolean;
}

/**
 * `bonesim compare`: run the scenarios, compare them and write report.html, charts (SVG
 * and PNG), metrics (CSV and JSON) and the aligned trajectories, all or nothing. Prints
 * the metrics summary and the report's path. Exit code 1 if a scenario's expectation fails.
 */
export async function compareCommand(files: string[], options: CompareCommandOptions): Promise<number> {
  try {
    const { results, baselineIndex, inputs } = runAll(files, options);
    const comparison = compareRuns(results, {
      baselineIndex,
      observables: options.observables?.split(',').map((s) => s.trim()).filter(Boolean),
    });
    const outputs = comparisonOutputs(comparison, {
      out: options.out,
      title: options.title ?? defaultTitle(comparison),
      log: options.log ?? false,
      command: rerunCommand(files, options),
    });
    writeFilesAtomically(outputs.files, inputs);

    const failed = results.filter((r) => r.expectations.some((e) => !e.passed));
    print(`\n${outputs.summary}\n`);
    for (const r of failed) {
      for (const e of r.expectations.filter((x) => !x.passed)) print(`expectation failed in ${r.scenario.id}: ${e.text}  [${e.detail}]\n`);
    }
    print(`report: ${outputs.reportPath}\n`);
    return failed.length ? EXIT.expectationFailed : EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function runAll(files: string[], options: CompareCommandOptions) {
  const list = [...files];
  let baselineIndex: number | undefined;
  if (options.baseline) {
    const found = list.findIndex((f) => resolve(f) === resolve(options.baseline!));
    if (found >= 0) baselineIndex = found;
    else {
      list.unshift(options.baseline);
      baselineIndex = 0;
    }
  }
  const loaded = list.map((file) => resolveTarget(file, ['scenario'])).map((file) => ({ file, ...loadScenario(file) }));
  const results: SimulationResult[] = loaded.map(({ scenario, model }, i) => {
    const started = performance.now();
    const result = simulate(scenario, model);
    if (!options.quiet) {
      printError(`[${i + 1}/${loaded.length}] ${scenario.id} (${model.id}): ${result.times.length} points in ${(performance.now() - started).toFixed(0)} ms\n`);
    }
    return result;
  });
  const inputs = loaded.flatMap(({ file, model }) => [file, model.file ?? '']).filter(Boolean);
  if (baselineIndex !== undefined) {
    // A baseline is a reference for runs on its own model only: say so rather than mix models silently.
    const baselineModel = loaded[baselineIndex].model.id;
    const others = [...new Set(loaded.filter(({ model }) => model.id !== baselineModel).map(({ model }) => model.id))];
    if (others.length) {
      printError(`warning: --baseline ${loaded[baselineIndex].scenario.id} runs on ${baselineModel}; the runs on ${others.join(', ')} are measured against their own model at its steady state\n`);
    }
  }
  return { results, baselineIndex, inputs };
}

function defaultTitle(comparison: Comparison): string {
  const disease = comparison.runs.filter((r) => !r.isBaseline).map((r) => r.label);
  return disease.length ? `${disease.join(' vs ')}` : 'Scenario comparison';
}

function rerunCommand(files: string[], options: CompareCommandOptions): string {
  const quote = (s: string) => (/^[\w./:=,@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['bonesim', 'compare', ...files.map(quote), '--out', quote(options.out)];
  if (options.baseline) parts.push('--baseline', quote(options.baseline));
  if (options.observables) parts.push('--observables', quote(options.observables));
  if (options.log) parts.push('--log');
  if (options.title) parts.push('--title', quote(options.title));
  return parts.join(' ');
}
