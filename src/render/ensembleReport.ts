import type { EnsembleDesign } from '../ensemble/design.ts';
import type { EnsembleLayout } from '../ensemble/ensemble.ts';
import type { EnsembleSummary } from '../ensemble/summary.ts';
import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { escapeHtml } from './html.ts';
import { REPORT_CSS } from './reportStyle.ts';

/**
 * An ensemble's report as one self-contained HTML page (inline CSS and SVG, no script, no network),
 * in the style of the comparison report: what was varied and how, the charts, the distribution of
 * every metric, the analysis tables, the sweep's grid, failures, and how the page was made.
 */
export interface EnsembleReportInput {
  design: EnsembleDesign;
  scenario: Scenario;
  model: Model;
  layout: EnsembleLayout;
  summary: EnsembleSummary;
  /** Charts as SVG text (ensembleCharts, then svgToString). */
  charts: Array<{ name: string; title: string; svg: string }>;
  files?: Array<{ label: string; path: string }>;
  command?: string;
  versions?: Record<string, string>;
}

const MODES: Record<EnsembleLayout['mode'], string> = {
  population: 'a population (percentile bands and metric distributions)',
  local: 'local sensitivities at the model\'s values',
  morris: 'Morris screening (elementary effects)',
  sobol: 'Sobol indices (Saltelli sampling)',
};

/**
 * The report `bonesim ensemble` writes (report.html).
 *
 * @example
 * ```ts
 * const html = ensembleReportHtml({ design, scenario, model, layout, summary, charts: [] });
 * ```
 */
export function ensembleReportHtml(input: EnsembleReportInput): string {
  const { design, summary, layout } = input;
  const lede = [
    `${summary.members.toLocaleString('en')} runs of ${input.scenario.title} (${input.model.id}), for ${MODES[layout.mode]}.`,
    summary.failed || summary.stopped
      ? `${summary.ok.toLocaleString('en')} ran to the end${summary.stopped ? `, ${summary.stopped} stopped at a state event` : ''}${summary.failed ? `, ${summary.failed} failed (listed below; the analysis leaves them out)` : ''}.`
      : 'Every run reached the end.',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bonesim">
<title>${escapeHtml(design.title)}</title>
<style>${REPORT_CSS}
table.grid td { text-align: right; }
table.ensemble td { text-align: right; font-variant-numeric: tabular-nums; }
table.ensemble td.text, table.ensemble th { text-align: left; }
</style>
</head>
<body>
<header class="page">
<h1>${escapeHtml(design.title)}</h1>
<div class="lede">${lede.map((s) => `<p>${escapeHtml(s)}</p>`).join('\n')}${design.description ? `<p>${escapeHtml(design.description)}</p>` : ''}</div>
<p class="meta">${escapeHtml([`design ${design.id}`, `seed ${design.seed}`, input.versions?.bonesim ? `bonesim ${input.versions.bonesim}` : ''].filter(Boolean).join(' \u00b7 '))}</p>
</header>
<main>
${input.charts.map((c) => `<section id="chart-${escapeHtml(c.name)}">
<h2>${escapeHtml(c.title)}</h2>
<figure class="chart hero">${c.svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>
</section>`).join('\n')}
${variedSection(design)}
${metricsSection(summary)}
${analysisSection(summary)}
${gridSection(summary, layout)}
${failuresSection(summary)}
${methodSection(input)}
</main>
<footer>Made with bonesim: ODE models of bone remodeling driven by scenario files. Numbers are model outputs, not clinical predictions.</footer>
</body>
</html>
`;
}

function variedSection(design: EnsembleDesign): string {
  const rows: string[] = [];
  for (const s of design.sampled) {
    const d = s.distribution;
    rows.push(`<tr><th scope="row"><code>${escapeHtml(s.name)}</code></th><td class="text">${escapeHtml(d.kind)}</td><td>${fmt(d.lower)}</td><td>${fmt(d.upper)}</td><td class="text">${escapeHtml(describe(d))}</td></tr>`);
  }
  for (const axis of design.grid) rows.push(`<tr><th scope="row"><code>${escapeHtml(axis.name)}</code></th><td class="text">grid</td><td>${fmt(axis.values[0])}</td><td>${fmt(axis.values[axis.values.length - 1])}</td><td class="text">${axis.values.length} values</td></tr>`);
  if (design.table) rows.push(`<tr><th scope="row">${design.table.names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}</th><td class="text">table</td><td></td><td></td><td class="text">${design.table.rows} rows of ${escapeHtml(design.table.file)}</td></tr>`);
  if (design.analysis.mode === 'local') rows.push(`<tr><th scope="row">${design.analysis.parameters.length} parameters</th><td class="text">e^(\u00b1h)${design.analysis.richardson ? ', e^(\u00b12h)' : ''}</td><td></td><td></td><td class="text">h = ${fmt(design.analysis.step)}: ${escapeHtml(design.analysis.stepReason)}</td></tr>`);
  const correlation = design.copula ? `<p>Correlated through a Gaussian copula on the normal scores (${design.copula.positions.length} parameters).</p>` : '';
  return `<section id="varied">
<h2>What varies</h2>
<div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">parameter</th><th scope="col">how</th><th scope="col">lower</th><th scope="col">upper</th><th scope="col">details</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>${correlation}
</section>`;
}

function describe(d: EnsembleDesign['sampled'][number]['distribution']): string {
  const parts = Object.entries(d).filter(([k, v]) => !['kind', 'lower', 'upper'].includes(k) && typeof v === 'number').map(([k, v]) => `${k} ${fmt(v as number)}`);
  return parts.join(', ');
}

function metricsSection(summary: EnsembleSummary): string {
  const pct = summary.percentiles;
  const rows = summary.metrics.map(({ metric, distribution: d }) => `<tr><th scope="row">${escapeHtml(metric.label)}<div class="events"><code>${escapeHtml(metric.name)}</code></div></th><td class="text">${escapeHtml(metric.unit)}</td>`
    + `<td>${fmt(d.mean)}</td><td>${fmt(d.sd)}</td>${d.percentiles.map((p) => `<td>${fmt(p.value)}</td>`).join('')}<td>${d.count}${d.missing ? ` (${d.missing} missing)` : ''}</td></tr>`);
  return `<section id="metrics">
<h2>Metrics over the ensemble</h2>
<p>Bone volume changes are in % of each member's own rest state; markers and cells are folds of it (the member's steady state before the scenario changes anything). Highs and lows are read at the output times.</p>
<div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">metric</th><th scope="col">unit</th><th scope="col">mean</th><th scope="col">sd</th>${pct.map((p) => `<th scope="col">p${p}</th>`).join('')}<th scope="col">members</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

function analysisSection(summary: EnsembleSummary): string {
  const blocks: string[] = [];
  for (const { metric, indices } of summary.sobol ?? []) {
    const order = indices.parameters.map((_, i) => i).sort((a, b) => (indices.total[b] || 0) - (indices.total[a] || 0));
    blocks.push(`<h3>${escapeHtml(metric.label)}</h3><div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">parameter</th><th scope="col">S<sub>i</sub></th><th scope="col">interval</th><th scope="col">ST<sub>i</sub></th><th scope="col">interval</th></tr></thead><tbody>`
      + order.map((i) => `<tr><th scope="row"><code>${escapeHtml(indices.parameters[i])}</code></th><td>${fmt(indices.first[i])}</td><td>${interval(indices.firstInterval.low[i], indices.firstInterval.high[i])}</td><td>${fmt(indices.total[i])}</td><td>${interval(indices.totalInterval.low[i], indices.totalInterval.high[i])}</td></tr>`).join('')
      + `</tbody></table></div><p class="events">${indices.rows} base rows${indices.droppedRows ? `, ${indices.droppedRows} left out (a failed member)` : ''}; ${Math.round(indices.confidence * 100)} % percentile bootstrap intervals over ${indices.bootstrap} resamples.</p>`);
  }
  for (const { metric, effects } of summary.morris ?? []) {
    const order = effects.parameters.map((_, i) => i).sort((a, b) => (effects.muStar[b] || 0) - (effects.muStar[a] || 0));
    blocks.push(`<h3>${escapeHtml(metric.label)}</h3><div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">parameter</th><th scope="col">mu*</th><th scope="col">interval</th><th scope="col">mu</th><th scope="col">sigma</th></tr></thead><tbody>`
      + order.map((k) => `<tr><th scope="row"><code>${escapeHtml(effects.parameters[k])}</code></th><td>${fmt(effects.muStar[k])}</td><td>${interval(effects.muStarInterval.low[k], effects.muStarInterval.high[k])}</td><td>${fmt(effects.mu[k])}</td><td>${fmt(effects.sigma[k])}</td></tr>`).join('')
      + `</tbody></table></div><p class="events">${effects.trajectories} trajectories${effects.droppedTrajectories ? `, ${effects.droppedTrajectories} left out` : ''}.</p>`);
  }
  for (const { metric, sensitivity } of summary.local ?? []) {
    const order = sensitivity.parameters.map((_, i) => i).sort((a, b) => Math.abs(sensitivity.coefficient[b] || 0) - Math.abs(sensitivity.coefficient[a] || 0)).slice(0, 25);
    blocks.push(`<h3>${escapeHtml(metric.label)} (nominal ${fmt(sensitivity.nominal)} ${escapeHtml(metric.unit)})</h3><div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">parameter</th><th scope="col">d ln y / d ln p</th><th scope="col">error</th><th scope="col">dy / d ln p</th></tr></thead><tbody>`
      + order.map((k) => `<tr><th scope="row"><code>${escapeHtml(sensitivity.parameters[k])}</code></th><td>${fmt(sensitivity.coefficient[k])}</td><td>${fmt(sensitivity.error[k])}</td><td>${fmt(sensitivity.slope[k])}</td></tr>`).join('')
      + `</tbody></table></div>${sensitivity.parameters.length > 25 ? `<p class="events">The 25 largest of ${sensitivity.parameters.length}; summary/local.csv has every one.</p>` : ''}`);
  }
  if (!blocks.length) return '';
  const title = summary.sobol ? 'Sobol indices' : summary.morris ? 'Morris screening' : 'Local sensitivities';
  return `<section id="analysis">
<h2>${title}, every metric</h2>
${blocks.join('\n')}
</section>`;
}

function gridSection(summary: EnsembleSummary, layout: EnsembleLayout): string {
  const grid = summary.grid;
  if (!grid) return '';
  const metricIndex = Math.max(0, layout.metrics.findIndex((m) => /^bone_volume_change_.*_pct$/.test(m.name) && !layout.metrics.slice(layout.metrics.indexOf(m) + 1).some((n) => /^bone_volume_change_.*_pct$/.test(n.name))));
  const metric = layout.metrics[metricIndex];
  if (!metric) return '';
  const cell = (v: number, lo: number, hi: number) => {
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    const shade = Number.isFinite(t) ? `background: rgba(213, 94, 0, ${(0.08 + 0.5 * (1 - t)).toFixed(3)})` : '';
    return `<td style="${shade}">${fmt(v)}</td>`;
  };
  const medians = grid.points.map((p) => p.metrics[metricIndex].median).filter(Number.isFinite);
  const lo = Math.min(...medians);
  const hi = Math.max(...medians);
  let table: string;
  if (grid.axes.length === 2) {
    const [a, b] = grid.axes;
    const head = `<tr><th scope="col">${escapeHtml(a.name)} \\ ${escapeHtml(b.name)}</th>${b.values.map((v) => `<th scope="col">${fmt(v)}</th>`).join('')}</tr>`;
    const rows = a.values.map((va, i) => `<tr><th scope="row">${fmt(va)}</th>${b.values.map((_, j) => cell(grid.points[i * b.values.length + j].metrics[metricIndex].median, lo, hi)).join('')}</tr>`);
    table = `<table class="grid"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
  } else {
    const [a] = grid.axes;
    table = `<table class="grid"><thead><tr><th scope="col">${escapeHtml(a.name)}</th><th scope="col">${escapeHtml(metric.label)}</th></tr></thead><tbody>${a.values.map((v, i) => `<tr><th scope="row">${fmt(v)}</th>${cell(grid.points[i].metrics[metricIndex].median, lo, hi)}</tr>`).join('')}</tbody></table>`;
  }
  return `<section id="grid">
<h2>The sweep: ${escapeHtml(metric.label)} (${escapeHtml(metric.unit)})</h2>
<p>${layout.populationSize > 1 ? `The median over the ${layout.populationSize} population members at each grid point` : 'One run per grid point'}; darker is lower. summary/grid.csv has every metric at every point.</p>
<div class="table-scroll">${table}</div>
</section>`;
}

function failuresSection(summary: EnsembleSummary): string {
  if (!summary.reasons.length) return '';
  return `<section id="failures">
<h2>Runs that did not reach the end</h2>
<div class="table-scroll"><table class="ensemble"><thead><tr><th scope="col">reason</th><th scope="col">members</th></tr></thead>
<tbody>${summary.reasons.map((r) => `<tr><td class="text">${escapeHtml(r.reason)}</td><td>${r.count}</td></tr>`).join('')}</tbody></table></div>
${summary.failedMembers.length ? `<p class="events">First failed members: ${summary.failedMembers.slice(0, 10).map((m) => `#${m.member}`).join(', ')} (members/*.parquet has each one's parameters and reason).</p>` : ''}
</section>`;
}

function methodSection(input: EnsembleReportInput): string {
  const { model, scenario, design } = input;
  const facts: Array<[string, string]> = [
    ['scenario', `<code>${escapeHtml(scenario.id)}</code>: ${escapeHtml(scenario.title)}`],
    [`model ${model.id}`, `${escapeHtml(model.title)}. ${escapeHtml(model.citation)}`],
    ['solver', `${escapeHtml(scenario.solver.method)}, rtol ${scenario.solver.rtol}, atol ${scenario.solver.atol}`],
    ['sampling', escapeHtml(design.analysis.mode === 'sobol' ? 'Owen-scrambled Sobol sequence (Joe-Kuo directions), Saltelli 2010 first-order and Jansen total estimators'
      : design.analysis.mode === 'morris' ? `Morris trajectories on a ${design.analysis.levels}-level grid${design.analysis.chosen ? `, ${design.analysis.trajectories} of ${design.analysis.candidates} candidates chosen for spread` : ''}`
        : design.analysis.mode === 'local' ? 'central differences in ln(parameter), Richardson extrapolation'
          : design.sampling === 'sobol' ? 'scrambled Sobol points' : 'counter-based Monte Carlo (Threefry-seeded xoshiro128**)')],
    ['start', scenario.start === 'steady_state' ? 'each member at its own steady state' + (model.invariants?.balanced_by ? `, with ${escapeHtml(model.invariants.balanced_by)} re-derived so its bone volume is balanced at rest` : '') : 'the model\'s initial values'],
  ];
  if (input.versions) facts.push(['versions', escapeHtml(Object.entries(input.versions).map(([k, v]) => `${k} ${v}`).join(', '))]);
  if (input.command) facts.push(['rerun', `<code>${escapeHtml(input.command)}</code>`]);
  if (input.files?.length) facts.push(['files', input.files.map((f) => `<a href="${escapeHtml(f.path)}">${escapeHtml(f.label)}</a>`).join(' \u00b7 ')]);
  return `<section id="method">
<h2>How this was made</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>
</section>`;
}

function interval(low: number, high: number): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `${fmt(low)} \u2013 ${fmt(high)}` : '';
}

function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}
