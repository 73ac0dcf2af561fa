import { createDocument, toXml } from '../render/dom.ts';
import { escapeHtml, slug } from '../render/html.ts';
import { swatch } from '../render/metricsTable.ts';
import { REPORT_CSS } from '../render/reportStyle.ts';
import { armColors, trialEndpointChart } from './trialChart.ts';
import { summary } from './trialOutputs.ts';
import { toDays } from './trialTime.ts';
import type { TrialRun } from './runTrial.ts';

export interface TrialReportInput {
  run: TrialRun;
  command?: string;
  files?: { label: string; path: string }[];
  versions?: Record<string, string>;
}

const TRIAL_CSS = `
table.data td, table.data th { border-bottom: 1px solid var(--rule); padding: 3px 8px; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.yes { color: var(--gain); font-weight: bold; }
table.data td.no { color: var(--loss); font-weight: bold; }
`;

/**
 * The report `bonesim trial` writes: one self-contained HTML page (inline CSS and SVG, no script): each
 * endpoint's model curve per arm with the trial's data as points and error bars, every data point beside the
 * model's value, the arms and their doses, and how the run was made.
 *
 * @example
 * ```ts
 * writeFileSync('out/report.html', trialReportHtml({ run: prepareTrial(trial, model).run() }));
 * ```
 */
export function trialReportHtml(input: TrialReportInput): string {
  const { run } = input;
  const { trial, model } = run;
  const s = summary(run);
  const lede = s.withSpread
    ? `The model lies within the spread of ${s.within} of the ${s.withSpread} data points that give one${s.points > s.withSpread ? ` (${s.points - s.withSpread} more without a spread)` : ''}.`
    : `${s.points} data points, none with a spread.`;
  const meta = [`model ${model.id}`, `${trial.arms.length} arms`, trial.population === 'typical' ? 'population: typical patient' : `population: ${trial.population.design.id} (${trial.population.members} members${failedNote(run)})`, input.versions?.bonesim ? `bonesim ${input.versions.bonesim}` : ''].filter(Boolean).join(' \u00b7 ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bonesim">
<title>${escapeHtml(trial.title)}</title>
<style>${REPORT_CSS}${TRIAL_CSS}</style>
</head>
<body>
<header class="page">
<h1>${escapeHtml(trial.title)}</h1>
<div class="lede"><p>${escapeHtml(trial.description)}</p><p>${escapeHtml(lede)}</p></div>
<p class="meta">${escapeHtml(meta)}</p>
</header>
<main>
${chartsSection(run)}
${dataSection(run)}
${armsSection(run)}
${methodSection(input)}
</main>
<footer>Made with bonesim. Model curves are a typical virtual patient, not a clinical prediction; data as published (see the source).</footer>
</body>
</html>
`;
}

function chartsSection(run: TrialRun): string {
  const document = createDocument();
  const exposures = [...new Set(run.arms.flatMap((arm) => Object.keys(arm.exposures)))];
  const names = [...run.trial.endpoints.map((e) => e.name), ...exposures];
  const figures = names.map((name) => `<figure class="chart" data-endpoint="${escapeHtml(name)}">
${toXml(trialEndpointChart(run, name, { document }))}
</figure>`);
  return `<section id="endpoints">
<h2>Endpoints</h2>
<p class="events">Lines: the model's typical patient, one per arm (percent of the arm's baseline, the patient at rest before the first dose); shaded, with a population, the 5th to 95th percentile of its members, each against her own baseline. Diamonds: the trial's data with their 95 % intervals (or the stated tolerance); an open diamond is a point the model misses.</p>
<div class="charts">
${figures.join('\n')}
</div>
</section>`;
}

function dataSection(run: TrialRun): string {
  if (!run.comparison.length) return '<section id="data"><h2>Data</h2><p>This trial file gives no data points.</p></section>';
  const colors = armColors(run);
  const unit = run.model.timeUnit;
  const rows = run.comparison.map((c) => {
    const spread = c.spread ? `[${Number(c.spread[0].toPrecision(10))}, ${Number(c.spread[1].toPrecision(10))}]` : '';
    const within = c.within === undefined ? '<td>no spread</td>' : c.within ? '<td class="yes">yes</td>' : '<td class="no">no</td>';
    return `<tr data-index="${c.point.index}">
<td>${swatch({ color: colors.get(c.point.arm)! })}</td>
<th scope="row">${escapeHtml(c.point.arm)}${c.point.over ? `<div class="events">over ${escapeHtml(c.point.over)}</div>` : ''}</th>
<td>${escapeHtml(c.point.endpoint)}</td>
<td class="num">${escapeHtml(c.point.visitText)}<div class="events">day ${Number(toDays(c.point.visit, unit).toFixed(2))}</div></td>
<td class="num">${c.point.value}</td>
<td class="num">${escapeHtml(spread)}</td>
<td class="num">${c.model.toFixed(2)}</td>
<td class="num">${(c.residual >= 0 ? '+' : '') + c.residual.toFixed(2)}</td>
${within}
</tr>`;
  });
  return `<section id="data">
<h2>Data against the model</h2>
<div class="table-scroll"><table class="data">
<thead><tr><th></th><th scope="col">arm</th><th scope="col">endpoint</th><th scope="col">visit</th><th scope="col">data</th><th scope="col">spread</th><th scope="col">model</th><th scope="col">model − data</th><th scope="col">within spread</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

function armsSection(run: TrialRun): string {
  const colors = armColors(run);
  const unit = run.model.timeUnit;
  const rows = run.arms.map(({ arm }) => {
    const doses = arm.regimen.length
      ? summariseDoses(arm.regimen.map((d) => ({ day: toDays(d.time, unit), label: `${d.drug} ${d.dose}` })))
      : 'no drug';
    const set = Object.entries(arm.set).map(([k, v]) => `${k} = ${v}`).join(', ');
    return `<tr><td>${swatch({ color: colors.get(arm.id)! })}</td><th scope="row">${escapeHtml(arm.title)}<div class="events"><code>${escapeHtml(arm.id)}</code></div></th>
<td class="description">${escapeHtml(arm.description)}<div class="events">${escapeHtml(doses)}${set ? ` \u00b7 at day 0: ${escapeHtml(set)}` : ''}</div></td></tr>`;
  });
  return `<section id="arms">
<h2>Arms</h2>
<div class="table-scroll"><table class="scenarios"><thead><tr><th></th><th scope="col">arm</th><th scope="col">regimen</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

/** "denosumab 60 mg: 6 doses, day 0 to 913.1" for long regimens, every day listed for short ones. */
function summariseDoses(doses: { day: number; label: string }[]): string {
  const byLabel = new Map<string, number[]>();
  for (const d of doses) byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), d.day]);
  const round = (v: number) => Number(v.toFixed(2));
  return [...byLabel].map(([label, days]) => (days.length <= 6
    ? `${label} on day ${days.map(round).join(', ')}`
    : `${label}: ${days.length} doses, day ${round(days[0])} to ${round(days[days.length - 1])}`)).join('; ');
}

function methodSection(input: TrialReportInput): string {
  const { run } = input;
  const { trial, model } = run;
  const solver = trial.arms[0]?.scenario.solver;
  const parameters = Object.entries(run.parameters);
  const facts: Array<[string, string]> = [
    ['trial file', trial.file ?? ''],
    ['source', trial.source],
    ['model', `${model.id}: ${model.title} (${model.file ?? ''})`],
    ['citation', model.citation],
    ['parameters', parameters.length ? parameters.map(([k, v]) => `${k} = ${v}`).join(', ') + (trial.parametersFile ? ` (from ${trial.parametersFile})` : '') : "the model's own"],
    ['months', `${Number(trial.monthDays.toFixed(4))} days`],
    ['solver', solver ? `${solver.method}, rtol ${solver.rtol}, atol ${solver.atol}` : ''],
    ['run time', `${run.milliseconds.toFixed(0)} ms`],
  ];
  if (input.command) facts.push(['command', input.command]);
  const files = input.files?.length ? `<p>${input.files.map((f) => `<a href="${escapeHtml(f.path)}">${escapeHtml(f.label)}</a>`).join(' \u00b7 ')}</p>` : '';
  return `<section id="method">
<h2>How this was made</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd id="fact-${slug(k)}">${escapeHtml(v)}</dd>`).join('')}</dl>
${files}
</section>`;
}

function failedNote(run: TrialRun): string {
  const failed = run.arms.reduce((n, arm) => n + (arm.failedMembers ?? 0), 0);
  return failed ? `, ${failed} member runs failed and are left out` : '';
}
