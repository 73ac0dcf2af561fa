import { join } from 'node:path';
import { EXIT } from '../errors.ts';
import { writeFilesAtomically, type OutputFile } from '../node/atomicWrite.ts';
import { versions } from '../node/versions.ts';
import { resultToCsv } from '../io/resultCsv.ts';
import { resultToJson } from '../io/resultJson.ts';
import { createDocument, svgToString } from '../render/dom.ts';
import { svgToPng } from '../node/png.ts';
import { resultChart } from '../render/resultChart.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { simulate } from '../simulate/simulate.ts';
import { reportError } from './report.ts';
import { isSbmlFile } from '../node/sbmlFiles.ts';
import { runSbmlFile } from './runSbml.ts';

const FORMATS = ['csv', 'json', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

export interface RunOptions {
  out: string;
  format: string;
  rtol?: number;
  atol?: number;
  quiet?: boolean;
  /** For SBML files: the run length and output step (a time with a unit, or a number in the model's unit), amounts instead of concentrations, the time unit if the file declares none. */
  duration?: string;
  outputEvery?: string;
  amounts?: boolean;
  timeUnit?: string;
}

/** Run each scenario; a failing one does not stop the others. The exit code is the worst outcome. */
export async function runCommand(files: string[], options: RunOptions): Promise<number> {
  const formats = options.format.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length || !formats.length) {
    process.stderr.write(`error: unknown output format "${unknown.join(', ')}"\n  what to do: choose from ${FORMATS.join(', ')}\n`);
    return EXIT.badInput;
  }
  let worst: number = EXIT.ok;
  for (const file of files) {
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
      return { ...loaded, result: simulate(loaded.scenario, loaded.model, { rtol: options.rtol, atol: options.atol }) };
    })();
  const base = join(options.out, scenario.id);
  const outputs: OutputFile[] = [];
  if (formats.includes('csv')) outputs.push({ path: `${base}.csv`, contents: resultToCsv(result) });
  if (formats.includes('json')) outputs.push({ path: `${base}.json`, contents: resultToJson(result, versions()) });
  if (formats.includes('svg') || formats.includes('png')) {
    const svg = svgToString(resultChart(createDocument(), result));
    if (formats.includes('svg')) outputs.push({ path: `${base}.svg`, contents: svg });
    if (formats.includes('png')) outputs.push({ path: `${base}.png`, contents: svgToPng(svg) });
  }
  writeFilesAtomically(outputs, [file, model.file ?? '']);

  const failed = result.expectations.filter((e) => !e.passed);
  const status = failed.length ? 'FAIL' : 'ok';
  if (!options.quiet || failed.length) {
    const passed = result.expectations.length - failed.length;
    process.stdout.write(`${status.padEnd(4)} ${scenario.id}  (${model.id}, ${result.times.length} points, ` +
      `${result.stats.steps} steps (${result.solver.ran.join('+')}), ${result.stats.solveMilliseconds.toFixed(0)} ms solve) ` +
      `expectations ${passed}/${result.expectations.length} -> ${outputs.map((o) => o.path).join(', ')}\n`);
    for (const e of failed) process.stdout.write(`     failed: ${e.text}  [${e.detail}]${e.why ? `  (${e.why})` : ''}\n`);
  }
  return failed.length ? EXIT.expectationFailed : EXIT.ok;
}
