import type { SimulationResult } from '../simulate/simulate.ts';

/** The whole run as JSON: what ran (model, scenario, solver, versions), how it went, and the data. */
/**
 * `versions`: of bonesim and the libraries that shape its numbers (src/node/versions.ts in Node).
 *
 * @example
 * ```ts
 * writeFileSync('run.json', resultToJson(simulate(scenario, model), versions()));
 * ```
 */
export function resultToJson(result: SimulationResult, versions: Readonly<Record<string, string>>): string {
  const { model, scenario } = result;
  const document = {
    format: 'bonesim-result/1',
    model: { id: model.id, title: model.title, citation: model.citation, file: model.file, timeUnit: model.timeUnit },
    scenario: { id: scenario.id, title: scenario.title, description: scenario.description, source: scenario.source, file: scenario.file, duration: scenario.duration },
    solver: result.solver,
    start: result.start,
    stats: result.stats,
    events: result.events,
    stoppedAt: result.stoppedAt,
    warnings: result.warnings,
    expectations: result.expectations,
    passed: result.expectations.every((e) => e.passed),
    versions,
    time: { unit: model.timeUnit, values: Array.from(result.times) },
    // JSON has no Infinity: non-finite values are written as the strings "Infinity" and "-Infinity".
    series: Object.fromEntries(result.columns.map((c) => [c, { unit: result.units[c], values: Array.from(result.series[c], jsonNumber) }])),
  };
  return JSON.stringify(document, null, 1) + '\n';
}

function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
