import { basename } from 'node:path';
import { inputError } from '../errors.ts';
import { defaultOutputs } from '../formats/sbml/outputs.ts';
import { sbmlRunAsResult } from '../formats/sbml/sbmlResult.ts';
import { simulateSbml } from '../formats/sbml/simulateSbml.ts';
import { MAX_OUTPUT_POINTS } from '../simulate/parseScenario.ts';
import { outputGrid } from '../simulate/outputGrid.ts';
import type { SimulationResult } from '../simulate/result.ts';
import { parseTimeOrNumber } from '../formats/sbml/timeArgument.ts';
import { readSbmlFile } from '../node/sbmlFiles.ts';
import { timeUnitNamed, type TimeUnit } from '../model/timeUnits.ts';

export interface SbmlRunOptions {
  duration?: string;
  outputEvery?: string;
  amounts?: boolean;
  timeUnit?: string;
  method?: string;
  rtol?: number;
  atol?: number;
}

/** `bonesim run FILE.xml`: the SBML model from its initial values, with its events, over --duration. */
export function runSbmlFile(file: string, options: SbmlRunOptions): SimulationResult {
  const timeUnit = timeUnitOption(options.timeUnit);
  const system = readSbmlFile(file, { timeUnit });
  const unit = system.model.timeUnit;
  if (options.duration === undefined) {
    throw inputError('an SBML file has no run length', { file }, `give one: --duration 100 ${unit} (or a bare number in the model's unit, ${unit})`);
  }
  const duration = parseTimeOrNumber(options.duration, unit, '--duration');
  if (!(duration > 0)) throw inputError(`--duration must be positive, got ${options.duration}`, { file });
  const outputEvery = options.outputEvery === undefined ? duration / 100 : parseTimeOrNumber(options.outputEvery, unit, '--output-every');
  if (!(outputEvery > 0)) throw inputError(`--output-every must be positive, got ${options.outputEvery}`, { file });
  if (duration / outputEvery + 1 > MAX_OUTPUT_POINTS) throw inputError(`this would write more than ${MAX_OUTPUT_POINTS} output points`, { file }, 'give a larger --output-every');
  const started = performance.now();
  const run = simulateSbml(system, {
    duration,
    outputTimes: outputGrid(duration, outputEvery, []),
    outputs: defaultOutputs(system, options.amounts),
    method: options.method, rtol: options.rtol, atol: options.atol,
  });
  const id = basename(file).replace(/\.(xml|sbml)$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-');
  return sbmlRunAsResult(system, run, { id, file, duration, outputEvery, milliseconds: performance.now() - started });
}

export function timeUnitOption(text: string | undefined): TimeUnit | undefined {
  if (text === undefined) return undefined;
  const unit = timeUnitNamed(text);
  if (!unit) throw inputError(`"${text}" is not a time unit`, { field: '--time-unit' }, 'use second, minute, hour, day, week or year');
  return unit;
}
