// The explorer page: bonesim's models run in the browser (a Web Worker runs the simulations,
// src/explorer/worker.ts), drawn with the reports' chart code and style. The state lives in the URL.
import catalog from 'bonesim:catalog';
import { compareRuns, type Comparison } from '../analysis/compare.ts';
import { metricRows } from '../analysis/metricRows.ts';
import { runMetrics } from '../analysis/metrics.ts';
import { availableQuantities, selectQuantities } from '../analysis/quantities.ts';
import { resultToCsv } from '../io/resultCsv.ts';
import type { Model } from '../model/model.ts';
import { comparisonChart, comparisonLegend, runStyles } from '../render/comparisonChart.ts';
import { timeFormatFor } from '../render/format.ts';
import { escapeHtml } from '../render/html.ts';
import { metricsTableHtml, swatch } from '../render/metricsTable.ts';
import { REPORT_CSS } from '../render/reportStyle.ts';
import type { SimulationResult } from '../simulate/result.ts';
import { scenariosOf, steadyStateScenarioYaml } from './catalog.ts';
import { modelControls, valueAt, type ModelControls } from './controls.ts';
import { regimensFor } from './drugs.ts';
import { EXPLORER_CSS } from './explorerStyle.ts';
import { drugsHtml, formatParameter, PAGE_HTML, sliderHtml, switchesHtml } from './page.ts';
import type { RunReply, RunRequest } from './runner.ts';
import { decodeState, encodeState, type ExplorerState } from './state.ts';

const DEFAULT_QUANTITIES = 6;
const DEFAULT_STATE: ExplorerState = { model: 'bone-rankl', scenario: 'opg-knockout', parameters: {}, drugs: [], log: false };

/** Timings the browser test reads: from a slider's input event to the redrawn charts (after layout). */
interface Timing { inputToDraw: number; run: number; draw: number }
const timings: Timing[] = [];
(globalThis as unknown as { bonesimExplorer: unknown }).bonesimExplorer = { timings, draws: 0 };
const explorerGlobal = (globalThis as unknown as { bonesimExplorer: { timings: Timing[]; draws: number } }).bonesimExplorer;

const style = document.createElement('style');
style.textContent = REPORT_CSS + EXPLORER_CSS;
document.head.append(style);
const app = document.getElementById('app')!;
app.innerHTML = PAGE_HTML;
const $ = <T extends HTMLElement>(selector: string) => app.querySelector<T>(selector)!;

let state = decodeState(location.hash, DEFAULT_STATE);
if (!catalog.models.some((m) => m.id === state.model)) state = { ...DEFAULT_STATE };

let controls: ModelControls | undefined;
let controlsModel: string | undefined;
let model: Model | undefined;
let baseline: { key: string; result: SimulationResult; label: string } | undefined;
let current: SimulationResult | undefined;
let comparison: Comparison | undefined;
let failedKey: string | undefined;

// ---- the run queue: one request in flight, the newest state sent when it returns ----
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let version = 0;
let served = -1;
let nextId = 1;
let inFlight: { kind: 'baseline' | 'current'; version: number; key: string; sentAt: number } | undefined;
/** When the first input not yet drawn happened, by state version. */
const inputTimes = new Map<number, number>();

function scenarioSource(): { file: string; yaml: string } {
  if (state.yaml !== undefined) return { file: 'scenario.yaml', yaml: state.yaml };
  const shipped = catalog.scenarios.find((s) => s.id === state.scenario && s.model === state.model);
  if (shipped) return { file: shipped.file, yaml: shipped.text };
  return { file: `${state.model}-steady-state.yaml`, yaml: steadyStateScenarioYaml(catalog.models.find((m) => m.id === state.model)!) };
}

function changed(inputAt?: number): void {
  version++;
  if (inputAt !== undefined) inputTimes.set(version, inputAt);
  history.replaceState(null, '', `#${encodeState(state)}`);
  pump();
}

function pump(): void {
  if (inFlight) return;
  const { file, yaml } = scenarioSource();
  const key = `${file}\n${yaml}`;
  if (failedKey === key && served === version) return;
  const send = (kind: 'baseline' | 'current', request: Omit<RunRequest, 'id'>) => {
    inFlight = { kind, version, key, sentAt: performance.now() };
    setStatus('running…');
    worker.postMessage({ ...request, id: nextId++ } satisfies RunRequest);
  };
  if (baseline?.key !== key) {
    if (failedKey === key) return;
    send('baseline', { file, yaml, drugs: [], parameters: {} });
    return;
  }
  if (served === version) return;
  send('current', { file, yaml, drugs: state.drugs, parameters: state.parameters });
}

worker.onmessage = (event: MessageEvent<RunReply>) => {
  const reply = event.data;
  const request = inFlight!;
  inFlight = undefined;
  if (!reply.ok) {
    failedKey = request.key;
    served = request.version;
    showError(reply.message);
    pump();
    return;
  }
  failedKey = undefined;
  showError(undefined);
  if (request.kind === 'baseline') {
    baseline = { key: request.key, result: reply.result, label: 'baseline: the scenario as shipped' };
    adoptModel(reply.result.model);
  } else if (request.key === baseline?.key) {
    current = reply.result;
    served = request.version;
    draw(request.version, reply.milliseconds.run);
  }
  pump();
};

/** A run of another model (a new choice, or typed YAML that names one): new controls, values it has. */
function adoptModel(next: Model): void {
  model = next;
  if (controlsModel === next.id) return;
  controls = modelControls(next);
  controlsModel = next.id;
  const known = new Set(next.parameters.map((p) => p.name));
  state.parameters = Object.fromEntries(Object.entries(state.parameters).filter(([name]) => known.has(name)));
  const regimens = regimensFor(next);
  state.drugs = state.drugs.filter((d) => regimens.some((r) => r.id === d));
  state.model = next.id;
  renderModelChoice();
  renderControls();
  history.replaceState(null, '', `#${encodeState(state)}`);
}

// ---- drawing ----
function relabel(result: SimulationResult, id: string, title: string): SimulationResult {
  return { ...result, scenario: { ...result.scenario, id, title } };
}

function draw(drawnVersion: number, runMilliseconds: number): void {
  if (!baseline || !current) return;
  const started = performance.now();
  const runs = [relabel(baseline.result, 'baseline', baseline.label), relabel(current, 'current', 'current run')];
  const all = availableQuantities(runs);
  const wanted = (state.quantities ?? selectQuantities(runs).slice(0, DEFAULT_QUANTITIES).map((q) => q.key)).filter((k) => all.some((q) => q.key === k));
  comparison = compareRuns(runs, { baselineIndex: 0, observables: wanted });
  const grid = $('#chart-grid');
  grid.classList.remove('stale');
  grid.replaceChildren(...comparison.quantities.map((q) => {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.dataset.quantity = q.key;
    figure.append(comparisonChart(comparison!, {
      document, quantities: [q.key], log: state.log, columns: 1, legend: false, markerNote: '', idPrefix: `q-${q.key}`,
      endLabels: true, panelWidth: 470, panelHeight: 280,
    }));
    return figure;
  }));
  $('#legend').innerHTML = comparisonLegend(comparison).map((s) => `<li>${swatch(s)}<span>${escapeHtml(s.label)}</span></li>`).join('');
  renderQuantities(all.map((q) => ({ key: q.key, title: q.title })), comparison.quantities.map((q) => q.key));

  const metrics = comparison.runs.map((run) => runMetrics(run, comparison!.timeUnit));
  const longest = Math.max(...comparison.runs.map((r) => r.times[r.times.length - 1]));
  $('#metrics-table').innerHTML = metricsTableHtml(metricRows(metrics), runStyles(comparison), timeFormatFor(comparison.timeUnit, longest));
  $('#expectations').innerHTML = current.expectations.length
    ? current.expectations.map((e) => `<li class="${e.passed ? 'pass' : 'fail'}">${e.passed ? '\u2713' : '\u2717'} <code>${escapeHtml(e.text)}</code>${e.why ? ` <span class="why">${escapeHtml(e.why)}</span>` : ''}</li>`).join('')
    : '<li>The scenario states no expected outcome.</li>';
  const drawMilliseconds = performance.now() - started;
  explorerGlobal.draws++;
  grid.dataset.version = String(drawnVersion);
  const solver = current.solver.ran.join(' \u2192 ');
  setStatus(`ran in ${runMilliseconds.toFixed(0)} ms (${solver}, ${current.stats.steps} steps), drawn in ${drawMilliseconds.toFixed(0)} ms`);
  // Served inputs: time them once the browser has laid out the new charts.
  const inputs = [...inputTimes].filter(([v]) => v <= drawnVersion);
  for (const [v] of inputs) inputTimes.delete(v);
  if (inputs.length) {
    const firstInput = Math.min(...inputs.map(([, t]) => t));
    requestAnimationFrame(() => timings.push({ inputToDraw: performance.now() - firstInput, run: runMilliseconds, draw: drawMilliseconds }));
  }
}

function showError(message: string | undefined): void {
  const box = $('#error');
  box.hidden = message === undefined;
  box.querySelector('pre')!.textContent = message ?? '';
  if (message !== undefined) {
    $('#chart-grid').classList.add('stale');
    setStatus('the charts show the last run that worked');
  }
}

function setStatus(text: string): void {
  $('#status').textContent = text;
}

// ---- controls ----
function renderModelChoice(): void {
  $<HTMLSelectElement>('#model').innerHTML = catalog.models.map((m) => `<option value="${escapeHtml(m.id)}"${m.id === state.model ? ' selected' : ''}>${escapeHtml(m.id)}: ${escapeHtml(m.title)}</option>`).join('');
  const scenarios = scenariosOf(catalog, state.model);
  const options = scenarios.length ? scenarios : [{ id: `${state.model}-steady-state`, title: 'at its steady state (no shipped scenario)' }];
  $<HTMLSelectElement>('#scenario').innerHTML = options.map((s) => `<option value="${escapeHtml(s.id)}"${s.id === state.scenario ? ' selected' : ''}>${escapeHtml(s.id)}: ${escapeHtml(s.title)}</option>`).join('')
    + (state.yaml !== undefined ? '<option value="" selected>edited in the editor below</option>' : '');
  const { yaml } = scenarioSource();
  const editor = $<HTMLTextAreaElement>('#yaml');
  if (document.activeElement !== editor) editor.value = yaml;
  const description = /^description:\s*>?-?\s*\n?([\s\S]*?)\n\S/m.exec(yaml)?.[1]?.replace(/\s+/g, ' ').trim();
  $('#scenario-description').textContent = description ?? '';
}

function renderControls(): void {
  if (!controls || !model) return;
  $('#switches').hidden = controls.switches.length === 0;
  $('#switches .switch-list').innerHTML = switchesHtml(controls, state.parameters);
  const regimens = regimensFor(model);
  $('#drugs').hidden = regimens.length === 0;
  $('#drugs .drug-list').innerHTML = drugsHtml(regimens, state.drugs);
  $('#slider-list').innerHTML = controls.sliders.map((c) => sliderHtml(c, state.parameters[c.name] ?? c.nominal)).join('');
  filterSliders();
  $<HTMLInputElement>('#log').checked = state.log;
}

function renderQuantities(all: { key: string; title: string }[], shown: string[]): void {
  const list = $('#quantities .quantity-list');
  const signature = all.map((q) => q.key).join(',') + '|' + shown.join(',');
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  list.innerHTML = all.map((q) => `<label class="toggle"><input type="checkbox" data-quantity="${escapeHtml(q.key)}"${shown.includes(q.key) ? ' checked' : ''}><span>${escapeHtml(q.title)}</span></label>`).join('');
}

function filterSliders(): void {
  const words = $<HTMLInputElement>('#filter').value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const row of Array.from(app.querySelectorAll<HTMLElement>('.slider'))) row.hidden = !words.every((w) => row.dataset.search!.includes(w));
}

function newScenario(next: Partial<ExplorerState>): void {
  state = { ...state, yaml: undefined, parameters: {}, drugs: [], quantities: undefined, ...next };
  baseline = undefined;
  current = undefined;
  renderModelChoice();
  changed();
}

$<HTMLSelectElement>('#model').addEventListener('change', (event) => {
  const id = (event.target as HTMLSelectElement).value;
  newScenario({ model: id, scenario: scenariosOf(catalog, id)[0]?.id ?? `${id}-steady-state` });
});
$<HTMLSelectElement>('#scenario').addEventListener('change', (event) => {
  const id = (event.target as HTMLSelectElement).value;
  if (id) newScenario({ scenario: id, parameters: state.parameters, drugs: state.drugs });
});

const runEditedYaml = () => {
  const text = $<HTMLTextAreaElement>('#yaml').value;
  const shipped = catalog.scenarios.find((s) => s.id === state.scenario);
  state.yaml = shipped && text === shipped.text ? undefined : text;
  renderModelChoice();
  changed();
};
$('#run-yaml').addEventListener('click', runEditedYaml);
$('#yaml').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runEditedYaml();
  }
});
$('#reset-yaml').addEventListener('click', () => {
  state.yaml = undefined;
  $<HTMLTextAreaElement>('#yaml').value = scenarioSource().yaml;
  renderModelChoice();
  changed();
});

$('#slider-list').addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  const control = controls?.sliders.find((c) => c.name === input.dataset.name);
  if (!control) return;
  const inputAt = performance.now();
  const value = valueAt(control, Number(input.value));
  if (value === control.nominal) delete state.parameters[control.name];
  else state.parameters[control.name] = value;
  const row = input.closest<HTMLElement>('.slider')!;
  const shown = formatParameter(value, control.unit);
  row.querySelector('.value')!.textContent = shown;
  input.setAttribute('aria-valuetext', shown);
  row.classList.toggle('changed', value !== control.nominal);
  changed(inputAt);
});
$('#switches').addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const name = input.dataset.switch;
  const control = controls?.switches.find((s) => s.name === name);
  if (!control) return;
  const value = input.checked ? 1 : 0;
  if (value === control.nominal) delete state.parameters[control.name];
  else state.parameters[control.name] = value;
  changed(performance.now());
});
$('#drugs').addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const id = input.dataset.drug!;
  state.drugs = input.checked ? [...state.drugs.filter((d) => d !== id), id] : state.drugs.filter((d) => d !== id);
  changed(performance.now());
});
$('#filter').addEventListener('input', filterSliders);
$('#reset-parameters').addEventListener('click', () => {
  state.parameters = {};
  renderControls();
  changed();
});
$<HTMLInputElement>('#log').addEventListener('change', (event) => {
  state.log = (event.target as HTMLInputElement).checked;
  history.replaceState(null, '', `#${encodeState(state)}`);
  draw(served, current?.stats.totalMilliseconds ?? 0);
});
$('#quantities').addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const key = input.dataset.quantity;
  if (!key || !comparison) return;
  const shown = comparison.quantities.map((q) => q.key);
  state.quantities = input.checked ? [...shown, key] : shown.filter((k) => k !== key);
  history.replaceState(null, '', `#${encodeState(state)}`);
  draw(served, current?.stats.totalMilliseconds ?? 0);
});
$('#pin').addEventListener('click', () => {
  if (!current || !baseline) return;
  baseline = { ...baseline, result: current, label: 'pinned run' };
  draw(served, current.stats.totalMilliseconds);
  setStatus('the current run is the baseline now');
});
$('#download-csv').addEventListener('click', () => {
  if (current) download(resultToCsv(current), `${current.scenario.id}.csv`, 'text/csv');
});
$('#download-svg').addEventListener('click', () => {
  if (!comparison || !current) return;
  const svg = comparisonChart(comparison, { document, log: state.log, title: current.scenario.title, endLabels: true });
  download(`<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`, `${current.scenario.id}.svg`, 'image/svg+xml');
});
$('#copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('link copied');
  } catch {
    setStatus('copy the address bar: it holds this view');
  }
});
window.addEventListener('hashchange', () => {
  if (location.hash.slice(1) === encodeState(state)) return;
  state = decodeState(location.hash, DEFAULT_STATE);
  baseline = undefined;
  controlsModel = undefined;
  renderModelChoice();
  changed();
});

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

renderModelChoice();
changed();
