import { escapeHtml } from '../render/html.ts';
import { positionOf, STEPS, type ModelControls, type SliderControl } from './controls.ts';
import type { DrugRegimen } from './drugs.ts';

/** The explorer's fixed frame; main.ts fills the parts that depend on the model and the run. */
export const PAGE_HTML = `
<header class="page">
<h1>bonesim explorer</h1>
<p class="lede">Run bonesim's bone remodelling models in your browser: pick a scenario, move a parameter, switch a mechanism
or a drug, and watch ten years of bone change against a pinned baseline. Every run is computed on this page.</p>
</header>
<div class="explorer">
<section class="controls choose" aria-label="Model and scenario">
<label class="field" for="model">Model</label>
<select id="model"></select>
<label class="field" for="scenario">Scenario</label>
<select id="scenario"></select>
<p class="scenario-description" id="scenario-description"></p>
<details class="editor" id="editor">
<summary>Edit the scenario (YAML)</summary>
<textarea id="yaml" spellcheck="false" autocapitalize="off" autocomplete="off" aria-label="Scenario YAML" aria-describedby="yaml-help"></textarea>
<p class="scenario-description" id="yaml-help">Checked as <code>bonesim run</code> checks a file (Ctrl+Enter runs it).</p>
<div class="buttons"><button type="button" id="run-yaml">Run this scenario</button><button type="button" id="reset-yaml">Back to the shipped text</button></div>
</details>
</section>
<main>
<div class="toolbar">
<ul class="legend" id="legend"></ul>
<label class="switch"><input type="checkbox" id="log"> log scale</label>
<button type="button" id="pin">Pin this run as baseline</button>
<button type="button" id="download-csv">Download CSV</button>
<button type="button" id="download-svg">Download SVG</button>
<button type="button" id="copy-link">Copy link</button>
<span id="status" role="status" aria-live="polite"></span>
</div>
<div class="error" id="error" role="alert" hidden><p>This scenario cannot run</p><pre></pre></div>
<section id="charts" aria-label="Trajectories"><div class="charts" id="chart-grid"></div></section>
<details id="quantities"><summary>Quantities to chart</summary><div class="quantity-list"></div></details>
<section id="metrics"><h2>Metrics</h2><p class="scenario-description">The current run beside the baseline; bone volume changes are relative to each run's start, relative values to the baseline at the same time.</p><div class="table-scroll" id="metrics-table"></div></section>
<section><h2>Expected outcome</h2><ul class="expectations" id="expectations"></ul></section>
</main>
<section class="controls tune" aria-label="Mechanisms, drugs and parameters">
<fieldset id="switches" hidden><legend>Mechanism modules</legend><p class="note">Each switch takes a module out of the model (0) or puts it back (1).</p><div class="switch-list"></div></fieldset>
<fieldset id="drugs" hidden><legend>Drugs</legend><p class="note">Doses from the start of the run, as in the shipped drug scenarios.</p><div class="drug-list"></div></fieldset>
<fieldset id="parameters"><legend>Parameters</legend>
<p class="note">This individual's parameters, within the range the model declares: the run starts from the steady state they give, then the scenario happens.</p>
<div class="slider-tools"><input type="search" id="filter" placeholder="Filter by name or description" aria-label="Filter parameters"><button type="button" id="reset-parameters">Reset all</button></div>
<div class="slider-list" id="slider-list"></div>
</fieldset>
</section>
</div>
<footer>Made with bonesim: ODE models of bone remodeling driven by scenario files. Numbers are model outputs, not clinical predictions.</footer>
`;

/** The value with its unit, as a slider shows it. */
export function formatParameter(value: number, unit: string): string {
  const text = value === 0 ? '0' : Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(value.toPrecision(4)));
  return unit && unit !== '1' ? `${text} ${unit}` : text;
}

const id = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '_');

export function sliderHtml(control: SliderControl, value: number): string {
  const changed = value !== control.nominal;
  const shown = formatParameter(value, control.unit);
  return `<div class="slider${changed ? ' changed' : ''}" data-name="${escapeHtml(control.name)}" data-search="${escapeHtml(`${control.name} ${control.description}`.toLowerCase())}">
<label for="p-${id(control.name)}"><code>${escapeHtml(control.name)}</code><span class="value">${escapeHtml(shown)}</span></label>
<input type="range" id="p-${id(control.name)}" data-name="${escapeHtml(control.name)}" min="0" max="${STEPS}" step="1" value="${positionOf(control, value)}" aria-valuetext="${escapeHtml(shown)}" aria-describedby="d-${id(control.name)}">
<div class="range" aria-hidden="true"><span>${escapeHtml(formatParameter(control.min, ''))}</span><span>${control.log ? 'log scale' : 'linear'}</span><span>${escapeHtml(formatParameter(control.max, ''))}</span></div>
<p class="description" id="d-${id(control.name)}" title="${escapeHtml(control.description)}">${escapeHtml(control.description)} (nominal ${escapeHtml(formatParameter(control.nominal, control.unit))})</p>
</div>`;
}

export function switchesHtml(controls: ModelControls, values: Record<string, number>): string {
  return controls.switches.map((s) => {
    const on = (values[s.name] ?? s.nominal) === 1;
    return `<label class="toggle"><input type="checkbox" role="switch" data-switch="${escapeHtml(s.name)}"${on ? ' checked' : ''}><span><code>${escapeHtml(s.name)}</code><span class="description">${escapeHtml(s.description)}</span></span></label>`;
  }).join('');
}

export function drugsHtml(regimens: readonly DrugRegimen[], chosen: readonly string[]): string {
  return regimens.map((r) => `<label class="toggle"><input type="checkbox" data-drug="${escapeHtml(r.id)}"${chosen.includes(r.id) ? ' checked' : ''}><span>${escapeHtml(r.label)}<span class="description">${escapeHtml(r.source)}</span></span></label>`).join('');
}
