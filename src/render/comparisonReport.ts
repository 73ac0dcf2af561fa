import type { Comparison } from '../analysis/compare.ts';
import { metricRows } from '../analysis/metricRows.ts';
import type { ScenarioMetrics } from '../analysis/metrics.ts';
import { timeFactor } from '../model/timeUnits.ts';
import { comparisonChart, comparisonLegend, runStyles } from './comparisonChart.ts';
import { createDocument, toXml } from './dom.ts';
import { formatTime, timeFormatFor, type TimeFormat } from './format.ts';
import { escapeHtml, slug } from './html.ts';
import { metricsTableHtml, swatch } from './metricsTable.ts';
import { REPORT_CSS } from './reportStyle.ts';
import { summarySentences } from './reportSummary.ts';

/**
 * A comparison as one self-contained HTML page: inline CSS and SVG, no script, no
 * network. Every chart is drawn twice (linear and log value axes) and a CSS-only switch
 * shows one or the other, so the page works offline, in print and without JavaScript.
 */
export interface ComparisonReportInput {
  title: string;
  comparison: Comparison;
  metrics: ScenarioMetrics[];
  /** Show log value axes first. */
  log?: boolean;
  /** The command that made the report, to rerun it. */
  command?: string;
  /** Files written beside the report (relative links). */
  files?: { label: string; path: string }[];
  versions?: Record<string, string>;
  /** When it was made (omit for reproducible output). */
  generated?: string;
}

/**
 * The report `bonesim compare` writes: a self-contained HTML page of charts, metrics and scenarios.
 *
 * @example
 * ```ts
 * const comparison = compareRuns(runs);
 * const html = comparisonReportHtml({ title: 'OPG vs RANKL knockout', comparison, metrics: comparison.runs.map((r) => runMetrics(r, comparison.timeUnit)) });
 * ```
 */
export function comparisonReportHtml(input: ComparisonReportInput): string {
  const { comparison, metrics } = input;
  const styles = runStyles(comparison);
  const longest = Math.max(...comparison.runs.map((r) => r.times[r.times.length - 1]));
  const time = timeFormatFor(comparison.timeUnit, longest);
  const lede = summarySentences(metrics, comparison.runs.map((r) => r.isBaseline), time);
  const models = [...new Map(comparison.runs.map((r) => [r.result.model.id, r.result.model])).values()];
  const meta = [
    `${comparison.runs.length} scenarios on ${models.map((m) => m.id).join(', ')}`,
    input.versions?.bonesim ? `bonesim ${input.versions.bonesim}` : '',
    input.generated ? `made ${input.generated}` : '',
  ].filter(Boolean).join(' \u00b7 ');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bonesim">
<title>${escapeHtml(input.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="page">
<h1>${escapeHtml(input.title)}</h1>
<div class="lede">${lede.map((s) => `<p>${escapeHtml(s)}</p>`).join('\n')}</div>
<p class="meta">${escapeHtml(meta)}</p>
</header>
<input type="checkbox" id="log-scale" class="scale-toggle"${input.log ? ' checked' : ''}>
<main>
${chartsSection(comparison)}
${metricsSection(metrics, styles, time, comparison)}
${scenariosSection(comparison, styles, time)}
${methodSection(input, models)}
</main>
<footer>Made with bonesim: ODE models of bone remodeling driven by scenario files. Numbers are model outputs, not clinical predictions.</footer>
</body>
</html>
`;
}

type Styles = ReturnType<typeof runStyles>;

function scenariosSection(comparison: Comparison, styles: Styles, time: TimeFormat): string {
  const rows = comparison.runs.map((run, i) => {
    const { scenario, model } = run.result;
    const factor = timeFactor(model.timeUnit, comparison.timeUnit);
    const events = [...new Map(run.result.events.map((e) => [`${e.time}|${e.label}`, e])).values()];
    const shown = events.slice(0, 4).map((e) => `${e.time === 0 ? 'at the start' : formatTime(e.time * factor, time)}: ${e.label}`);
    if (events.length > 4) shown.push(`and ${events.length - 4} more`);
    const expectations = run.result.expectations;
    const failed = expectations.filter((e) => !e.passed);
    const checks = expectations.length === 0 ? '<span class="expectation-status">none stated</span>'
      : failed.length === 0 ? `<span class="expectation-status pass">\u2713 ${expectations.length}/${expectations.length} met</span>`
        : `<span class="expectation-status fail">\u2717 ${expectations.length - failed.length}/${expectations.length} met</span>${failed.map((e) => `<div class="events">failed: ${escapeHtml(e.text)}</div>`).join('')}`;
    return `<tr data-scenario="${escapeHtml(run.key)}">
<td>${swatch(styles[i])}</td>
<th scope="row">${escapeHtml(run.label)}<div class="events"><code>${escapeHtml(scenario.id)}</code>${run.isBaseline ? ' \u00b7 reference' : ''}</div></th>
<td><code>${escapeHtml(model.id)}</code></td>
<td class="description">${escapeHtml(scenario.description)}${shown.length ? `<div class="events">${escapeHtml(shown.join(' \u00b7 '))}</div>` : ''}</td>
<td>${checks}</td>
</tr>`;
  });
  return `<section id="scenarios">
<h2>Scenarios</h2>
<div class="table-scroll"><table class="scenarios">
<thead><tr><th></th><th scope="col">scenario</th><th scope="col">model</th><th scope="col">what happens</th><th scope="col">expected outcome</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

function chartsSection(comparison: Comparison): string {
  const document = createDocument();
  const figures = comparison.quantities.map((q, index) => {
    const hero = index === 0;
    const size = hero ? { panelWidth: 1080, panelHeight: 360 } : { panelWidth: 470, panelHeight: 280 };
    const draw = (log: boolean) => toXml(comparisonChart(comparison, {
      document, quantities: [q.key], log, columns: 1, legend: false, markerNote: '', idPrefix: `${slug(q.key)}-${log ? 'log' : 'lin'}`, endLabels: true, ...size,
    }));
    const missing = comparison.runs.filter((_, i) => !q.columns[i]).map((r) => r.label);
    const caption = `${q.description}.${missing.length ? ` Not in: ${missing.join(', ')}.` : ''}`;
    return `<figure class="chart${hero ? ' hero' : ''}" data-quantity="${escapeHtml(q.key)}">
<div class="linear">${draw(false)}</div>
<div class="log">${draw(true)}</div>
<figcaption>${escapeHtml(caption)}</figcaption>
</figure>`;
  });
  const legend = comparisonLegend(comparison).map((s) => `<li>${swatch(s)}<span>${escapeHtml(s.label)}</span></li>`).join('');
  return `<section id="charts">
<h2>Trajectories</h2>
<div class="toolbar">
<ul class="legend">${legend}</ul>
<label class="switch" for="log-scale"><span class="track"></span>log scale</label>
</div>
<p class="events">Dashed vertical lines mark each scenario's events in its colour (hover for details). Times start at each run's start.</p>
<div class="charts">
${figures.join('\n')}
</div>
</section>`;
}

function metricsSection(metrics: ScenarioMetrics[], styles: Styles, time: TimeFormat, comparison: Comparison): string {
  const references = [...new Set(metrics.map((m) => m.referenceRun))];
  const referenceNote = comparison.runs.some((r) => r.isBaseline)
    ? `Relative values (\u00d7 baseline, CTX and P1NP proxies) are measured against ${references.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')} at the same time.`
    : `Relative values are measured against each model at its own steady state (${references.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}).`;
  return `<section id="metrics">
<h2>Metrics</h2>
<p>${referenceNote} Bone volume changes are relative to each run's start. Peaks and troughs give the time they occur.</p>
<div class="table-scroll">${metricsTableHtml(metricRows(metrics), styles, time)}</div>
</section>`;
}

function methodSection(input: ComparisonReportInput, models: Comparison['runs'][number]['result']['model'][]): string {
  const solver = input.comparison.runs[0]?.result.solver;
  const facts: [string, string][] = [];
  for (const model of models) facts.push([`model ${model.id}`, `${escapeHtml(model.title)}. ${escapeHtml(model.citation)}`]);
  if (solver) facts.push(['solver', `${escapeHtml(solver.method)}, rtol ${solver.rtol}, atol ${solver.atol}`]);
  if (input.versions) facts.push(['versions', escapeHtml(Object.entries(input.versions).map(([k, v]) => `${k} ${v}`).join(', '))]);
  if (input.command) facts.push(['rerun', `<code>${escapeHtml(input.command)}</code>`]);
  if (input.files?.length) facts.push(['files', input.files.map((f) => `<a href="${escapeHtml(f.path)}">${escapeHtml(f.label)}</a>`).join(' \u00b7 ')]);
  return `<section id="method">
<h2>How this was made</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>
</section>`;
}
