import type { SimulationResult } from '../simulate/simulate.ts';
import { timeSeriesChart, type Marker } from './timeSeriesChart.ts';

/**
 * A run as small multiples: one panel per species and observable, events marked.
 *
 * @example
 * ```ts
 * const svg = resultChart(createDocument(), simulate(scenario, model), { columns: ['C', 'BV'] });
 * ```
 */
export function resultChart(document: Document, result: SimulationResult, options: { columns?: string[]; log?: boolean } = {}): SVGSVGElement {
  const names = options.columns ?? result.columns;
  const describe = new Map<string, string>([
    ...result.model.species.map((s) => [s.name, s.description] as const),
    ...result.model.observables.map((o) => [o.name, o.description] as const),
  ]);
  const panels = names.map((name) => ({
    title: titled(name, describe.get(name)),
    unit: result.units[name],
    series: [{ label: result.scenario.title, times: result.times, values: result.series[name] }],
  }));
  const markers: Marker[] = result.events.map((e) => ({ time: e.time, label: e.label }));
  return timeSeriesChart(panels, {
    document,
    title: result.scenario.title,
    subtitle: `${result.model.title} | ${result.solver.method}, rtol ${result.solver.rtol}`,
    timeUnit: result.model.timeUnit,
    markers,
    legend: false,
    log: options.log,
  });
}

/** "BV: bone volume ..."; a description that already starts with the name is not prefixed again ("OPG: OPG: ..."). */
function titled(name: string, description: string | undefined): string {
  if (!description) return name;
  return description.startsWith(`${name}:`) || description.startsWith(`${name} `) ? description : `${name}: ${description}`;
}
