import type { SimulationResult } from '../simulate/simulate.ts';

/**
 * One row per output time: time, then every species and observable, units in the header.
 *
 * @example
 * ```ts
 * writeFileSync('run.csv', resultToCsv(simulate(scenario, model)));
 * ```
 */
export function resultToCsv(result: SimulationResult): string {
  const header = [`time [${result.model.timeUnit}]`, ...result.columns.map((c) => `${c} [${result.units[c]}]`)];
  const lines = [header.map(csvField).join(',')];
  const columns = result.columns.map((c) => result.series[c]);
  for (let r = 0; r < result.times.length; r++) {
    const row = [String(result.times[r])];
    for (const values of columns) row.push(String(values[r]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
