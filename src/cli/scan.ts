import { print, printError } from './terminal.ts';
import { join } from 'node:path';
import { scanParameter, type ScanResult } from '../analysis/scan.ts';
import { scanQuantities } from '../analysis/scanQuantities.ts';
import { EXIT, inputError } from '../errors.ts';
import { writeFilesAtomically, type OutputFile } from '../node/atomicWrite.ts';
import { scanToCsv } from '../io/scanCsv.ts';
import { compileModel } from '../model/compile.ts';
import { closestName } from '../model/suggest.ts';
import { createDocument, svgToString } from '../render/dom.ts';
import { svgToPng } from '../node/png.ts';
import { scanChart } from '../render/scanChart.ts';
import { loadModelOrScenario } from './loadTarget.ts';
import { reportError } from './report.ts';

export interface ScanOptions {
  param: string;
  from: string;
  to: string;
  steps: string;
  out: string;
  format: string;
  quiet?: boolean;
}

const FORMATS = ['csv', 'svg', 'png'];
const MAX_STEPS = 5000;

/** `bonesim scan`: continue the steady state along one parameter, mark stability changes, write CSV and a chart. */
export function scanCommand(file: string, options: ScanOptions): number {
  try {
    const formats = options.format.split(',').map((f) => f.trim()).filter(Boolean);
    const unknownFormat = formats.find((f) => !FORMATS.includes(f));
    if (unknownFormat !== undefined || !formats.length) {
      throw inputError(`unknown output format "${unknownFormat ?? ''}"`, { field: '--format' }, `choose from ${FORMATS.join(', ')}`);
    }
    const from = finiteNumber(options.from, '--from');
    const to = finiteNumber(options.to, '--to');
    if (from === to) throw inputError(`--from and --to are both ${from}`, { field: '--to' }, 'give a range, e.g. --from 0.5 --to 1.3');
    const steps = Number(options.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
      throw inputError(`--steps must be a whole number from 1 to ${MAX_STEPS}, got "${options.steps}"`, { field: '--steps' }, 'e.g. --steps 40');
    }

    const { model, scenario } = loadModelOrScenario(file);
    const compiled = compileModel(model);
    const known = [...model.parameters.map((p) => ({ name: p.name, unit: p.unit })), ...model.inputs.map((i) => ({ name: i.name, unit: i.unit }))];
    const parameter = known.find((p) => p.name === options.param);
    if (!parameter) {
      const suggestion = closestName(options.param, known.map((p) => p.name));
      throw inputError(`"${options.param}" is not a parameter or input of model ${model.id}`, { file: model.file, field: '--param' },
        suggestion ? `did you mean "${suggestion}"?` : `parameters: ${known.map((p) => p.name).join(', ')}`);
    }

    const p0 = Float64Array.from(compiled.p0);
    for (const [name, value] of Object.entries(scenario?.parameters ?? {})) p0[compiled.parameterIndex(name)] = value;
    const result = scanParameter(compiled, p0, compiled.y0, parameter.name, from, to, steps);
    const failed = result.points.filter((p) => !p.y);
    if (failed.length) {
      // A scan with gaps is a failed scan: say where, write nothing (as for a failed run).
      print(summarise(result, model.id, model.timeUnit, from, to, steps));
      printError(`error: no steady state found at ${failed.length} of ${result.points.length} points (${parameter.name} = ${failed.slice(0, 5).map((p) => p.value).join(', ')}${failed.length > 5 ? ', ...' : ''}); nothing written\n` +
        '  what to do: narrow the range (--from, --to) to where the model has a steady state, or take more --steps so each point starts close to the last\n');
      return EXIT.numericalFailure;
    }
    const quantities = scanQuantities(compiled, p0, result);

    const base = join(options.out, `${scenario?.id ?? model.id}-scan-${parameter.name}`);
    const outputs: OutputFile[] = [];
    if (formats.includes('csv')) outputs.push({ path: `${base}.csv`, contents: scanToCsv(compiled, result, parameter.unit) });
    if (formats.includes('svg') || formats.includes('png')) {
      const svg = svgToString(scanChart(createDocument(), quantities.map((q) => ({ title: q.title, unit: q.unit, values: q.values })), {
        title: `Steady states of ${model.id} along ${parameter.name}`,
        subtitle: `${model.title}${scenario ? ` | scenario ${scenario.id}` : ''} | ${result.points.length} points, each continued from the last`,
        parameter: parameter.name,
        parameterUnit: parameter.unit,
        values: result.points.map((p) => p.value),
        stable: result.points.map((p) => p.stability?.stable),
        changes: result.changes.map((c) => ({ at: c.at, label: `${c.kind === 'Hopf' ? 'Hopf' : 'zero eigenvalue'} at ${Number(c.at.toPrecision(5))}` })),
      }));
      if (formats.includes('svg')) outputs.push({ path: `${base}.svg`, contents: svg });
      if (formats.includes('png')) outputs.push({ path: `${base}.png`, contents: svgToPng(svg) });
    }
    writeFilesAtomically(outputs, [file, model.file ?? '']);
    if (!options.quiet) print(summarise(result, model.id, model.timeUnit, from, to, steps) + `-> ${outputs.map((o) => o.path).join(', ')}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function summarise(result: ScanResult, modelId: string, unit: string, from: number, to: number, steps: number): string {
  const found = result.points.filter((p) => p.y);
  const byNewton = found.filter((p) => p.method === 'newton').length;
  const lines = [`scan of ${result.parameter} from ${from} to ${to} in ${steps} steps on ${modelId}: ` +
    `${found.length} of ${result.points.length} steady states found (${byNewton} by Newton, ${found.length - byNewton} by integrating then Newton)`];
  let start = 0;
  const kindOf = (k: number) => result.points[k].stability?.classification ?? 'no steady state';
  for (let k = 1; k <= result.points.length; k++) {
    if (k < result.points.length && kindOf(k) === kindOf(start)) continue;
    lines.push(`  ${kindOf(start)} for ${result.parameter} in [${result.points[start].value}, ${result.points[k - 1].value}]`);
    start = k;
  }
  for (const c of result.changes) {
    const period = c.period !== undefined ? `, oscillation period ${Number(c.period.toPrecision(5))} ${unit}` : '';
    lines.push(`  ${result.parameter} = ${Number(c.at.toPrecision(8))} (between ${c.between[0]} and ${c.between[1]}): ` +
      `${c.kind === 'Hopf' ? 'Hopf point' : 'a real eigenvalue crosses zero'}, the steady state ${c.direction}${period}`);
  }
  if (!result.changes.length) lines.push('  no change of stability in this range');
  for (const p of result.points.filter((q) => !q.y)) lines.push(`  ${result.parameter} = ${p.value}: ${p.failure}`);
  return lines.join('\n') + '\n';
}

function finiteNumber(text: string, field: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) {
    throw inputError(`${field} must be a number, got "${text}"`, { field }, `e.g. ${field} 0.5`);
  }
  return value;
}
