// Osteoporosis (OPG loss) against osteopetrosis (RANKL knockout) in every model, and why the
// models disagree about how much. Run: npx tsx notebooks/osteoporosis-vs-osteopetrosis.ts
import { compareRuns } from '../src/analysis/compare.ts';
import { metricRows, type MetricRow } from '../src/analysis/metricRows.ts';
import { runMetrics } from '../src/analysis/metrics.ts';
import type { Role } from '../src/model/schema.ts';
import { PALETTE } from '../src/render/chartTypes.ts';
import { formatFold, formatMetric, formatPercent, timeFormatFor } from '../src/render/format.ts';
import { timeSeriesChart, type Panel } from '../src/render/timeSeriesChart.ts';
import { simulate, type SimulationResult } from '../src/simulate/simulate.ts';
import { builtinModel, experiment, expressionAt, scenarioFile } from './lib/experiment.ts';
import { notebook } from './lib/notebook.ts';
import { foldLine, integral, line } from './lib/panels.ts';

/**
 * One entry per model: how it loses OPG and RANKL (parameter changes at t = 0, or a scenario
 * file whose parameter changes are applied the same way), and the model's own expressions for
 * the mechanisms the discussion compares. To add a model, add an entry; everything below is
 * computed from the entries.
 */
interface ModelEntry {
  id: string;
  label: string;
  opgLoss: Record<string, number> | string;
  ranklKnockout: Record<string, number> | string;
  mechanisms: {
    /** Osteoclast formation flux. */
    osteoclastFormation: string;
    /** Removal rate per osteoclast. */
    osteoclastDeath: string;
    /** Flux of new cells into the osteoblast lineage. */
    osteoblastSupply: string;
  };
  /** The model's steps from RANKL binding to osteoclast formation, in order (each read as a fold change). */
  formationChain: { label: string; expression: string }[];
  /** For a model whose bone-volume readout has its own scale: the parameter values that put it on the published models' scale. */
  publishedScale?: { parameters: Record<string, number>; label: string };
  /** Module switches (1 = on) that the notebook switches off one at a time after OPG loss. */
  modules?: { name: string; what: string }[];
  /** How the model wires these, read off its equations. */
  wiring: string;
}

/** A model's module switches: the on_* parameters its file documents as modules. */
function moduleSwitches(id: string): { name: string; what: string }[] {
  return builtinModel(id).parameters
    .filter((p) => p.name.startsWith('on_') && /^module \w+:/.test(p.description))
    .map((p) => ({ name: p.name, what: p.description.replace(/^module (\w+):\s*/, 'module $1: ').split(/[;(]/)[0].trim() }));
}

const MODELS: ModelEntry[] = [
  {
    id: 'lemaire2004',
    label: 'Lemaire 2004',
    opgLoss: { K_OP: 0 },
    ranklKnockout: { K_LP: 0 },
    mechanisms: { osteoclastFormation: 'D_C * pi_L', osteoclastDeath: 'D_A * pi_C', osteoblastSupply: 'D_R * pi_C' },
    formationChain: [
      { label: 'RANKL binding (RANK, OPG)', expression: '1 + (k3 / k4) * K + (k1 / k2) * OPG' },
      { label: 'free RANKL', expression: 'RANKL' },
      { label: 'RANK occupancy', expression: 'pi_L' },
    ],
    wiring: 'osteoclasts form in proportion to RANK occupancy, with no ceiling; TGF-\u03b2 (\u03c0_{C}, rising with the osteoclasts) speeds their death and the commitment of precursors, which are supplied at D_{R}\u00b7\u03c0_{C} and so keep the floor D_{R}\u00b7f_{0} when osteoclasts vanish',
  },
  {
    id: 'pivonka2008',
    label: 'Pivonka 2008',
    opgLoss: { beta_OPG: 0 },
    ranklKnockout: { R_RANKL: 0 },
    mechanisms: { osteoclastFormation: 'D_OCp * pi_act_OCp', osteoclastDeath: 'A_OCa * pi_act_OCa', osteoblastSupply: 'D_OBu * pi_act_OBu' },
    formationChain: [
      { label: 'RANKL binding (OPG, RANK)', expression: '1 + K_A1_RANKL * OPG + K_A2_RANKL * RANK' },
      { label: 'free RANKL', expression: 'RANKL' },
      { label: 'RANK occupancy', expression: 'RANK_occupancy' },
      { label: 'precursor activation', expression: 'pi_act_OCp' },
    ],
    wiring: 'osteoclast precursors are activated by a saturating function of the RANKL\u2013RANK complex; TGF-\u03b2 released in proportion to the osteoclasts drives both their death and the recruitment of uncommitted osteoblasts, so osteoblast supply stops when osteoclasts vanish',
  },
  {
    id: 'bone-rankl',
    label: 'bone-rankl',
    // The shipped scenarios (beta_OPG = 0 and R_RANKL = 0 at t = 0), run for the notebook's ten years with daily output.
    opgLoss: 'scenarios/opg-knockout.yaml',
    ranklKnockout: 'scenarios/rankl-knockout.yaml',
    mechanisms: { osteoclastFormation: 'OC_formation', osteoclastDeath: 'OC_apoptosis', osteoblastSupply: 'OB_commitment' },
    formationChain: [
      { label: 'RANKL binding (OPG, RANK, osteoclast RANK vesicles)', expression: 'RANKL_binding' },
      { label: 'free RANKL', expression: 'RANKL' },
      { label: 'RANK occupancy', expression: 'RANK_occupancy' },
      { label: 'TRAF6', expression: 'TRAF6' },
      { label: 'NFATc1', expression: 'NFATc1' },
      { label: 'local precursor pool', expression: 'OCp' },
    ],
    publishedScale: { parameters: { on_clinical_turnover: 0 }, label: 'on Pivonka\'s scale (on_clinical_turnover = 0)' },
    modules: moduleSwitches('bone-rankl'),
    wiring: 'Pivonka\'s core, so osteoblast supply again needs TGF-\u03b2 from resorption, with twelve modules on it. Between RANKL and osteoclast formation sit RANK vesicles shed by the osteoclasts, which bind RANKL in proportion to the osteoclasts; TRAF6 \u2192 NF-\u03baB \u2192 NFATc1 signalling, which saturates; and a local precursor pool that formation drains. Osteoclasts act on osteoblasts through the same vesicles (reverse signalling raises RUNX2) and through miR-214 exosomes (lower matrix production), and formed bone lags osteoblast activity by a 60-day formation period. Its bone-volume readout turns over 8 % of bone a year (k_{form} = 40) where the published models use k_{form} = 1.571',
  },
];

const nb = notebook(import.meta.url, {
  title: 'Osteoporosis vs osteopetrosis in every model',
  summary: 'OPG loss and RANKL knockout for ten years in each model, and why the models disagree about how much bone is lost or gained.',
});
const YEARS = 10;
const DAYS = YEARS * 365.25;
const conditions = ['healthy', 'OPG loss', 'RANKL knockout'] as const;
type Condition = (typeof conditions)[number];
const diseases = conditions.slice(1) as Exclude<Condition, 'healthy'>[];
const STYLE: Record<Condition, { color: string; dash?: string }> = {
  healthy: { color: '#000000', dash: '6,4' },
  'OPG loss': { color: PALETTE[0] },
  'RANKL knockout': { color: PALETTE[1] },
};

interface ModelRuns {
  entry: ModelEntry;
  runs: Record<Condition, SimulationResult>;
  rows: MetricRow[];
}

/** A condition from the healthy steady state: the entry's changes (and `extra`) at t = 0, for ten years, daily output. */
function runCondition(entry: ModelEntry, condition: Condition, extra: Record<string, number> = {}, outputEvery = 1): SimulationResult {
  const change = condition === 'healthy' ? {} : condition === 'OPG loss' ? entry.opgLoss : entry.ranklKnockout;
  if (typeof change === 'string') {
    const { scenario, model } = scenarioFile(change);
    return simulate({ ...scenario, duration: DAYS, outputEvery, parameters: { ...scenario.parameters, ...extra }, expectations: [] }, model);
  }
  const model = builtinModel(entry.id);
  const set = { ...change, ...extra };
  return simulate(experiment(model, {
    id: `${entry.id}-${condition.replace(/\s+/g, '-').toLowerCase()}`,
    title: `${entry.label}: ${condition}`,
    duration: DAYS,
    outputEvery,
    events: Object.keys(set).length ? [{ at: 0, set, description: condition }] : [],
  }), model);
}

const all: ModelRuns[] = MODELS.map((entry) => {
  const runs = Object.fromEntries(conditions.map((c) => [c, runCondition(entry, c)])) as Record<Condition, SimulationResult>;
  const comparison = compareRuns(conditions.map((c) => runs[c]));
  return { entry, runs, rows: metricRows(comparison.runs.map((r) => runMetrics(r, comparison.timeUnit))) };
});
const role = (r: SimulationResult, name: Role) => r.model.roles[name]!;
const last = <T,>(values: ArrayLike<T>): T => values[values.length - 1];
const endFold = (m: ModelRuns, c: Condition, column: string) => last(m.runs[c].series[column]) / m.runs.healthy.series[column][0];
const foldOf = (m: ModelRuns, c: Condition, expression: string) => expressionAt(m.runs[c], expression) / expressionAt(m.runs.healthy, expression, 0);
const mechanismFold = (m: ModelRuns, c: Condition, key: keyof ModelEntry['mechanisms']) => foldOf(m, c, m.entry.mechanisms[key]);
const bvChange = (r: SimulationResult) => {
  const bv = r.series[role(r, 'bone_volume')];
  return 100 * (last(bv) / bv[0] - 1);
};
/** "a, b and c" */
const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${last(items)}`);
const labels = list(MODELS.map((m) => m.label));
const mechanismModel = all.find((m) => m.entry.modules?.length);

nb.section('Two diseases, one switch');
nb.prose(`
  OPG is the decoy receptor that keeps RANKL off RANK; without it, osteoclasts multiply and mice
  develop early osteoporosis (Bucay 1998). Without RANKL, no osteoclasts form at all and bone
  accumulates: osteopetrosis (Kong 1999). Both are one parameter in each model: OPG production or
  RANKL expression set to zero at t = 0, from the healthy steady state, for ${YEARS} years. The
  models compared here: ${labels}.${mechanismModel ? ` ${mechanismModel.entry.label} is bonesim's mechanism model; it runs the shipped scenarios \`${mechanismModel.entry.opgLoss}\` and \`${mechanismModel.entry.ranklKnockout}\`.` : ''}
`);
const bvPanels: Panel[] = all.map((m) => ({
  title: m.entry.label,
  unit: '%',
  series: conditions.map((c) => line(m.runs[c], role(m.runs[c], 'bone_volume'), c, { ...STYLE[c], width: c === 'healthy' ? 1.6 : 2.4 })),
}));
const legendItems = conditions.map((c) => ({ label: c, ...STYLE[c] }));
nb.figure(timeSeriesChart(bvPanels, {
  document: nb.document, idPrefix: 'fig-bv', timeUnit: 'day', columns: all.length, panelWidth: 330, panelHeight: 260,
  title: `Bone volume over ${YEARS} years`, legendItems,
}), 'Bone volume (each model\'s balanced readout, % of the start) after OPG loss or RANKL knockout at t = 0. The readouts have different scales: see "Per unit of turnover".');
const cellPanels: Panel[] = [
  ...all.map((m) => ({ title: `${m.entry.label}: active osteoclasts`, unit: '\u00d7 healthy', series: conditions.map((c) => foldLine(m.runs[c], role(m.runs[c], 'active_osteoclasts'), c, STYLE[c])) })),
  ...all.map((m) => ({ title: `${m.entry.label}: active osteoblasts`, unit: '\u00d7 healthy', series: conditions.map((c) => foldLine(m.runs[c], role(m.runs[c], 'active_osteoblasts'), c, STYLE[c])) })),
];
nb.figure(timeSeriesChart(cellPanels, {
  document: nb.document, idPrefix: 'fig-cells', timeUnit: 'day', columns: all.length, panelWidth: 330, panelHeight: 240, log: true,
  title: 'Active osteoclasts and osteoblasts', subtitle: 'relative to the healthy steady state; log axes', legendItems,
}), 'Cell populations relative to the healthy steady state (log axes).');

// The report's own metrics (bonesim compare), one column per model and condition.
const columns = all.flatMap((m) => diseases.map((c) => ({ m, c, i: conditions.indexOf(c) })));
const columnHeader = ['', ...columns.map(({ m, c }) => `${m.entry.label}: ${c}`)];
const numeric = ['left' as const, ...columns.map(() => 'right' as const)];
const METRICS: [string, string][] = [
  ['bv_change_1y', 'bone volume change at 1 year'],
  ['bv_change_5y', 'bone volume change at 5 years'],
  ['bv_change_10y', 'bone volume change at 10 years'],
  ['active_osteoclasts_end', 'active osteoclasts at 10 years (\u00d7 healthy)'],
  ['active_osteoblasts_end', 'active osteoblasts at 10 years (\u00d7 healthy)'],
  ['ctx_end', 'CTX proxy at 10 years (\u00d7 healthy)'],
  ['p1np_end', 'P1NP proxy at 10 years (\u00d7 healthy)'],
  ['steady_state_recent_change', 'cells still changing over the last year by'],
];
const time = timeFormatFor('day', DAYS);
nb.table(columnHeader, METRICS.map(([key, label]) => [label, ...columns.map(({ m, i }) => {
  const row = m.rows.find((r) => r.key === key);
  return row ? formatMetric(row.values[i], row.kind, time) : '\u2013';
})]), { caption: 'The metrics of `bonesim compare` for each model and condition.', align: numeric });

nb.section('The phenotypes');
const bone = (m: ModelRuns, c: Condition) => bvChange(m.runs[c]);
const porotic = all.filter((m) => bone(m, 'OPG loss') < 0 && endFold(m, 'OPG loss', role(m.runs.healthy, 'active_osteoclasts')) > 1);
const allPorotic = nb.check('OPG loss is osteoporotic in every model: more osteoclasts, less bone.', porotic.length === all.length,
  all.map((m) => `${m.entry.label}: osteoclasts ${formatFold(endFold(m, 'OPG loss', role(m.runs.healthy, 'active_osteoclasts')))}, bone ${formatPercent(bone(m, 'OPG loss'))} at ${YEARS} years`).join('; '),
  'Bucay 1998; Min 2000 (research notes \u00a77)');
const petrotic = all.filter((m) => bone(m, 'RANKL knockout') > 0 && endFold(m, 'RANKL knockout', role(m.runs.healthy, 'active_osteoclasts')) < 0.01);
const allPetrotic = nb.check('RANKL knockout is osteopetrotic in every model: osteoclasts all but vanish and bone accumulates.', petrotic.length === all.length,
  all.map((m) => `${m.entry.label}: osteoclasts ${formatFold(endFold(m, 'RANKL knockout', role(m.runs.healthy, 'active_osteoclasts')))}, bone ${formatPercent(bone(m, 'RANKL knockout'), 3)}`).join('; '),
  'Kong 1999 (research notes \u00a77)');
nb.checks();

nb.section('Per unit of turnover');
/**
 * Every model's bone volume is a balanced readout, dBV/dt = F - R with F = R = F0 at the healthy
 * steady state, so BV(T) - BV(0) = F0 (\u222bF/F0 dt - \u222bR/R0 dt): the healthy formation rate times
 * the years of healthy formation the run formed, minus the years of healthy resorption it
 * resorbed. The bracket does not depend on the readout's scale; it is what the models are
 * compared by.
 */
interface Turnover {
  /** Healthy formation rate, % of bone per year. */
  healthyRate: number;
  /** Bone formed, resorbed and their difference, in years of healthy formation. */
  formed: number;
  resorbed: number;
  net: number;
  /** Bone volume change, %. */
  bone: number;
  /** Formation minus resorption at the end, relative to the healthy rate. */
  endBalance: number;
}
function turnover(m: ModelRuns, c: Condition): Turnover {
  const healthy = m.runs.healthy;
  const run = m.runs[c];
  const [F, R] = [role(healthy, 'formation'), role(healthy, 'resorption')];
  const [F0, R0] = [healthy.series[F][0], healthy.series[R][0]];
  const healthyRate = F0 * 365.25;
  return {
    healthyRate,
    formed: integral(run, F, F0 * 365.25),
    resorbed: integral(run, R, R0 * 365.25),
    net: bvChange(run) / healthyRate,
    bone: bvChange(run),
    endBalance: last(run.series[F]) / F0 - last(run.series[R]) / R0,
  };
}
const years = (value: number) => `${value < 0 ? '\u2212' : ''}${Math.abs(value).toPrecision(3)} y`;
const days = (value: number) => `${Math.round(value * 365.25)} days`;
const accounts = columns.map(({ m, c }) => ({ m, c, t: turnover(m, c) }));
const account = (m: ModelRuns, c: Condition) => accounts.find((a) => a.m === m && a.c === c)!.t;

// The mechanism model again with its readout on the published scale: the cells must not notice.
const rescaled = all.filter((m) => m.entry.publishedScale).map((m) => {
  const runs = Object.fromEntries(diseases.map((c) => [c, runCondition(m.entry, c, m.entry.publishedScale!.parameters)])) as Record<(typeof diseases)[number], SimulationResult>;
  return { m, runs };
});
const rescaledBone = (m: ModelRuns, c: Condition) => {
  const found = rescaled.find((r) => r.m === m);
  return found && c !== 'healthy' ? bvChange(found.runs[c]) : undefined;
};

nb.prose(`
  The models' bone-volume readouts do not turn bone over at the same rate. The healthy formation rate
  is ${list(all.map((m) => `${formatPercent(account(m, 'OPG loss').healthyRate, 2).replace('+', '')} of bone per year in ${m.entry.label}`))}.
  ${rescaled.map(({ m, runs }) => `${m.entry.label} is calibrated to clinical turnover (adult bone remodels about 10 % a year, Manolagas 2000, as \`models/bone-rankl.md\` notes); ${m.entry.publishedScale!.label} it turns over ${formatPercent(runs['OPG loss'].series[role(m.runs.healthy, 'formation')][0] * 365.25, 2).replace('+', '')} a year, like the published models.`).join(' ')}
  A percentage of bone lost is therefore as much a statement about the readout's scale as about the
  biology. Since each readout is balanced at the healthy steady state, the bone change is the healthy
  formation rate times the difference between the bone formed and the bone resorbed, each counted in
  years of healthy formation. That difference does not depend on the scale, and it is what the rest of
  this page compares.
`);
const accountRows: [string, (t: Turnover, m: ModelRuns, c: Condition) => string][] = [
  ['healthy formation rate (% of bone per year)', (t) => t.healthyRate.toPrecision(3)],
  [`bone formed in ${YEARS} years (years of healthy formation)`, (t) => years(t.formed)],
  [`bone resorbed in ${YEARS} years (years of healthy resorption)`, (t) => years(t.resorbed)],
  ['net: formed \u2212 resorbed', (t) => years(t.formed - t.resorbed)],
  [`bone volume change at ${YEARS} years \u00f7 healthy rate`, (t) => years(t.net)],
  [`bone volume change at ${YEARS} years`, (t, _, c) => formatPercent(t.bone, c === 'OPG loss' ? 1 : 3)],
  ...rescaled.map(({ m }) => [`bone volume change, ${m.entry.label} ${m.entry.publishedScale!.label}`, (_: Turnover, mm: ModelRuns, c: Condition) => {
    const value = mm === m ? rescaledBone(mm, c) : undefined;
    return value === undefined ? '\u2013' : formatPercent(value, c === 'OPG loss' ? 2 : 3);
  }] as [string, (t: Turnover, m: ModelRuns, c: Condition) => string]),
];
nb.table(columnHeader, accountRows.map(([label, show]) => [label, ...accounts.map(({ t, m, c }) => show(t, m, c))]),
  { caption: 'The bone account: formation and resorption integrated over the run, relative to the healthy rates.', align: numeric });

const identityError = Math.max(...accounts.map(({ t }) => Math.abs(t.net - (t.formed - t.resorbed)) / Math.max(Math.abs(t.net), 1e-3)));
nb.check('Bone change is the healthy formation rate times (bone formed \u2212 bone resorbed, in years of healthy turnover) in every model and condition.',
  identityError < 0.01, `largest relative difference ${formatPercent(100 * identityError, 2).replace('+', '')} (trapezoids on the daily output)`);
for (const { m, runs } of rescaled) {
  const scaleRatio = runs['OPG loss'].series[role(m.runs.healthy, 'formation')][0] / m.runs.healthy.series[role(m.runs.healthy, 'formation')][0];
  const ratios = diseases.map((c) => rescaledBone(m, c)! / bone(m, c));
  const cellDiff = Math.max(...diseases.map((c) => {
    const oc = role(m.runs.healthy, 'active_osteoclasts');
    return Math.max(...runs[c].series[oc].map((v, i) => Math.abs(v / m.runs[c].series[oc][i] - 1)));
  }));
  nb.check(`${m.entry.label}'s turnover is only the readout's scale: ${m.entry.publishedScale!.label} the osteoclasts are unchanged and bone changes by the ratio of the healthy formation rates.`,
    cellDiff < 1e-4 && ratios.every((r) => Math.abs(r / scaleRatio - 1) < 1e-3),
    `healthy formation rate \u00d7${scaleRatio.toPrecision(4)}; bone change ${diseases.map((c, k) => `${formatPercent(bone(m, c), 3)} \u2192 ${formatPercent(rescaledBone(m, c)!, 3)} (\u00d7${ratios[k].toPrecision(4)}, ${c})`).join(', ')}; osteoclasts differ by at most ${cellDiff.toExponential(1)} (relative)`);
}
nb.checks();

nb.section('Why the models disagree');
for (const m of all) nb.prose(`**${m.entry.label}:** ${m.entry.wiring}.`);
const describe = (m: ModelRuns, c: Condition) => {
  const healthy = m.runs.healthy;
  return {
    rankl: endFold(m, c, role(healthy, 'rankl')),
    occupancy: endFold(m, c, role(healthy, 'rank_occupancy')),
    formation: mechanismFold(m, c, 'osteoclastFormation'),
    death: mechanismFold(m, c, 'osteoclastDeath'),
    osteoclasts: endFold(m, c, role(healthy, 'active_osteoclasts')),
    supply: mechanismFold(m, c, 'osteoblastSupply'),
    osteoblasts: endFold(m, c, role(healthy, 'active_osteoblasts')),
    ...account(m, c),
  };
};
type Described = ReturnType<typeof describe>;
const mechanismRows: [string, (d: Described, c: Condition) => string][] = [
  ['free RANKL', (d) => formatFold(d.rankl)],
  ['RANK occupancy', (d) => formatFold(d.occupancy)],
  ['osteoclast formation', (d) => formatFold(d.formation)],
  ['death rate per osteoclast', (d) => formatFold(d.death)],
  ['active osteoclasts', (d) => formatFold(d.osteoclasts)],
  ['osteoblast supply', (d) => formatFold(d.supply)],
  ['active osteoblasts', (d) => formatFold(d.osteoblasts)],
  [`bone volume change at ${YEARS} years`, (d, c) => formatPercent(d.bone, c === 'OPG loss' ? 1 : 3)],
  ['\u2026 in years of healthy formation', (d) => years(d.net)],
];
const described = columns.map(({ m, c }) => ({ c, d: describe(m, c) }));
nb.table(columnHeader, mechanismRows.map(([label, show]) => [label, ...described.map(({ c, d }) => show(d, c))]),
  { caption: `Each mechanism at ${YEARS} years relative to the healthy steady state, evaluated from the models' own expressions (the \`mechanisms\` of each model entry in this notebook).`, align: numeric });

const opg = all.map((m) => ({ m, ...describe(m, 'OPG loss') }));
const ko = all.map((m) => ({ m, ...describe(m, 'RANKL knockout') }));
const order = (items: { m: ModelRuns }[]) => items.map((d) => d.m.entry.label).join(' > ');
const byLoss = [...opg].sort((a, b) => a.net - b.net);
const byRawLoss = [...opg].sort((a, b) => a.bone - b.bone);
const byFormation = [...opg].sort((a, b) => b.formation - a.formation);
const chain = (m: ModelRuns, c: Condition) => [...m.entry.formationChain, { label: 'osteoclast formation', expression: m.entry.mechanisms.osteoclastFormation }]
  .map((step) => `${step.label} ${formatFold(foldOf(m, c, step.expression))}`).join(' \u2192 ');
nb.prose(`
  **OPG loss.** Without OPG, free RANKL rises ${list(opg.map((d) => `${formatFold(d.rankl)} in ${d.m.entry.label}`))}.
  What the osteoclasts make of it depends on everything between RANKL and osteoclast formation. At
  ${YEARS} years, step by step:
`);
nb.prose(opg.map((d) => `- ${d.m.entry.label}: ${chain(d.m, 'OPG loss')}`).join('\n'));
nb.prose(`
  The death rate per osteoclast, driven by the TGF-\u03b2 the osteoclasts themselves release, rises
  ${list(opg.map((d) => `${formatFold(d.death)} (${d.m.entry.label})`))}. Formation over death sets the osteoclasts,
  ${list(opg.map((d) => `${formatFold(d.osteoclasts)} (${d.m.entry.label})`))}, and the osteoblasts follow through
  TGF-\u03b2: ${list(opg.map((d) => `${formatFold(d.osteoblasts)} (${d.m.entry.label})`))}. In ${YEARS} years the skeleton
  resorbs more than it forms by ${list(opg.map((d) => `${years(-d.net)} of healthy formation (${d.m.entry.label})`))}.
  ${byRawLoss.map((d) => d.m.entry.id).join() !== byLoss.map((d) => d.m.entry.id).join()
    ? `In percent of bone the order is different (${list(byRawLoss.map((d) => `${formatPercent(d.bone)} in ${d.m.entry.label}`))}): a faster readout turns the same imbalance into more bone.`
    : ''}
`);
nb.check('The model whose osteoclast formation rises most after OPG loss loses the most bone per unit of turnover.',
  byLoss.map((d) => d.m.entry.id).join() === byFormation.map((d) => d.m.entry.id).join(),
  `ordered by bone lost in years of healthy formation: ${order(byLoss)} (${byLoss.map((d) => years(d.net)).join(', ')}); by formation rise: ${order(byFormation)} (${byFormation.map((d) => formatFold(d.formation)).join(', ')})`);
const lemaire = all.find((m) => m.entry.id === 'lemaire2004');
const pivonka = all.find((m) => m.entry.id === 'pivonka2008');
if (lemaire && pivonka) {
  const [l, p] = [describe(lemaire, 'OPG loss'), describe(pivonka, 'OPG loss')];
  nb.check('Osteoclast formation passes the rise in RANK occupancy on one for one in Lemaire\'s model (no ceiling) and only in part in Pivonka\'s (saturating).',
    Math.abs(l.formation / l.occupancy - 1) < 1e-6 && p.formation < 0.9 * p.occupancy,
    `Lemaire: formation ${formatFold(l.formation)} for occupancy ${formatFold(l.occupancy)}; Pivonka: formation ${formatFold(p.formation)} for occupancy ${formatFold(p.occupancy)}`);
}

const byGain = [...ko].sort((a, b) => b.net - a.net);
const byEndGain = [...ko].sort((a, b) => b.endBalance - a.endBalance);
const bySupply = [...ko].sort((a, b) => b.supply - a.supply);
nb.prose(`
  **RANKL knockout.** Osteoclasts disappear in every model (${list(ko.map((d) => `${formatFold(d.osteoclasts)} in ${d.m.entry.label}`))}),
  and with them the TGF-\u03b2 they release. How much bone is then gained depends on what happens to
  the osteoblasts: their supply falls ${list(ko.map((d) => `to ${formatFold(d.supply)} (${d.m.entry.label})`))},
  leaving ${list(ko.map((d) => `${formatFold(d.osteoblasts)} of the active osteoblasts (${d.m.entry.label})`))}. The gain has two
  parts. Where osteoblast supply survives the osteoclasts, formation goes on without resorption and bone
  keeps accumulating: at ${YEARS} years formation still exceeds resorption by
  ${list(ko.map((d) => `${formatPercent(100 * d.endBalance, 2).replace('+', '')} of the healthy rate (${d.m.entry.label})`))}.
  Where it does not, the gain is a one-off: the time formation outlasts resorption after the knockout.
  Over ${YEARS} years formation ran for ${list(ko.map((d) => `${days(d.formed)} at the healthy rate against ${days(d.resorbed)} of resorption (${d.m.entry.label})`))},
  a net gain of ${list(ko.map((d) => `${days(d.net)} of healthy formation, ${formatPercent(d.bone, 3)} of bone (${d.m.entry.label})`))}.
`);
nb.check('The model that keeps more osteoblast supply after RANKL knockout is still gaining bone faster at 10 years, per unit of turnover.',
  byEndGain.map((d) => d.m.entry.id).join() === bySupply.map((d) => d.m.entry.id).join(),
  `ordered by formation \u2212 resorption at ${YEARS} years (\u00d7 healthy rate): ${order(byEndGain)} (${byEndGain.map((d) => d.endBalance.toPrecision(3)).join(', ')}); by osteoblast supply kept: ${order(bySupply)} (${bySupply.map((d) => formatFold(d.supply)).join(', ')})`);
if (lemaire && pivonka) {
  const [l, p] = [describe(lemaire, 'RANKL knockout'), describe(pivonka, 'RANKL knockout')];
  nb.check('In the RANKL knockout Pivonka\'s model loses its osteoblasts too, so its bone gain is much smaller than Lemaire\'s.',
    p.osteoblasts < 0.1 * l.osteoblasts && p.net < 0.1 * l.net,
    `osteoblasts ${formatFold(p.osteoblasts)} vs ${formatFold(l.osteoblasts)}; bone gained ${days(p.net)} vs ${days(l.net)} of healthy formation (${formatPercent(p.bone, 3)} vs ${formatPercent(l.bone, 3)})`,
    'research notes \u00a72');
}
nb.checks();

// Where osteoclast death needs TGF-beta from the osteoclasts alone, dC/dt = -k C^2 as C -> 0, so C ~ 1/(k t):
// the death rate per osteoclast, k C, falls as 1/t and (death rate) x t -> 1.
const stillMoving = all.filter((m) => m.rows.find((r) => r.key === 'steady_state_recent_change')!.values[conditions.indexOf('RANKL knockout')]! >= 0.1);
const lifetimes = ko.map((d) => ({ d, deathTimesT: expressionAt(d.m.runs['RANKL knockout'], d.m.entry.mechanisms.osteoclastDeath) * DAYS }));
const algebraic = lifetimes.filter((x) => Math.abs(x.deathTimesT - 1) < 0.05);
const exponential = lifetimes.filter((x) => x.deathTimesT > 10);
if (stillMoving.length) {
  nb.prose(`
    Not every knockout has settled after ${YEARS} years: ${list(stillMoving.map((m) => m.entry.label))}
    ${stillMoving.length > 1 ? 'are' : 'is'} still changing. The death rate per osteoclast has fallen with the
    osteoclasts' own TGF-\u03b2, to ${list(ko.map((d) => `${formatFold(d.death)} (${d.m.entry.label})`))} of the healthy rate.
    When TGF-\u03b2 from the osteoclasts is their only death signal and far below saturation, the death
    rate is proportional to the osteoclasts themselves, dC/dt = \u2212kC\u00b2, and the last osteoclasts fade
    as 1/(kt) rather than exponentially: the death rate per osteoclast times the time since the knockout
    tends to 1. At ${YEARS} years it is ${list(lifetimes.map((x) => `${x.deathTimesT.toPrecision(3)} (${x.d.m.entry.label})`))}.
  `);
  nb.check('The knockouts that have not settled are exactly those whose osteoclasts fade as 1/t (death rate \u00d7 time \u2248 1); where the death rate keeps a floor, osteoclasts vanish exponentially.',
    stillMoving.map((m) => m.entry.id).join() === algebraic.map((x) => x.d.m.entry.id).join() && algebraic.length + exponential.length === all.length,
    `not settled: ${list(stillMoving.map((m) => m.entry.label))}; death rate \u00d7 ${YEARS} years: ${lifetimes.map((x) => `${x.d.m.entry.label} ${x.deathTimesT.toPrecision(3)}`).join(', ')}`);
  nb.checks();
}

let moduleFinding = '';
if (mechanismModel) {
  const m = mechanismModel;
  const label = m.entry.label;
  nb.section(`What ${label}'s modules change`);
  const core = pivonka ? describe(pivonka, 'OPG loss') : undefined;
  const own = describe(m, 'OPG loss');
  nb.prose(`
    ${label} is Pivonka's model with modules added; with every module off it is Pivonka 2008 (a
    tested guarantee). So the difference between the two is the modules, and switching them off one at
    a time, from the same healthy steady state, shows which carry it. After OPG loss, ${label} resorbs
    more than it forms by ${years(-own.net)} of healthy formation in ${YEARS} years${core ? `, Pivonka's core by ${years(-core.net)}` : ''}.
  `);
  const ablation = m.entry.modules!.map((module) => {
    const run = runCondition(m.entry, 'OPG loss', { [module.name]: 0 }, 7);
    const F = role(run, 'formation');
    const oc = role(run, 'active_osteoclasts');
    return { module, net: bvChange(run) / (run.series[F][0] * 365.25), osteoclasts: last(run.series[oc]) / run.series[oc][0] };
  }).sort((a, b) => a.net - b.net);
  const changed = (x: { net: number }) => Math.abs(x.net / own.net - 1) > 0.05;
  const matters = (x: { net: number; osteoclasts: number }) => Math.abs(x.net / own.net - 1) > 0.01 || Math.abs(x.osteoclasts / own.osteoclasts - 1) > 0.01;
  const idle = ablation.filter((x) => !matters(x));
  const range = (values: number[], show: (v: number) => string) => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return show(lo) === show(hi) ? show(lo) : `${show(lo)} to ${show(hi)}`;
  };
  nb.table(['switched off', `bone formed \u2212 resorbed in ${YEARS} years (years of healthy formation)`, `active osteoclasts at ${YEARS} years`],
    [
      ['nothing (all modules on)', years(own.net), formatFold(own.osteoclasts)],
      ...ablation.filter(matters).map((x) => [`${x.module.name} (${x.module.what})`, years(x.net), formatFold(x.osteoclasts)]),
      ...(idle.length ? [[`any one of ${idle.map((x) => x.module.name).join(', ')} (within 1 %)`, range(idle.map((x) => x.net), years), range(idle.map((x) => x.osteoclasts), formatFold)]] : []),
      ...(core ? [['every module (Pivonka 2008)', years(core.net), formatFold(core.osteoclasts)]] : []),
    ],
    { caption: `OPG loss in ${label} with one module switched off at a time (weekly output). Only the net is compared, so the readout's scale does not enter.`, align: ['left', 'right', 'right'] });
  const deeper = ablation.filter((x) => changed(x) && x.net < own.net);
  const shallower = ablation.filter((x) => changed(x) && x.net > own.net);
  const protective = ablation.filter((x) => x.net >= 0);
  moduleFinding = [
    deeper.length ? `In ${label}, ${list(deeper.map((x) => `${x.module.name} (${x.module.what.replace(/^module \w+: /, '')})`))} buffer OPG loss: switched off, the loss deepens to ${list(deeper.map((x) => years(x.net)))}.` : '',
    protective.length ? `The loss rests on ${list(protective.map((x) => x.module.name))}: without it OPG loss gains bone.` : '',
  ].join(' ');
  nb.prose(`
    Switching off ${list(deeper.map((x) => `\`${x.module.name}\` (${years(x.net)})`))} deepens the loss: these modules
    buffer it. ${shallower.length ? `Switching off ${list(shallower.map((x) => `\`${x.module.name}\` (${years(x.net)})`))} lessens it: ${shallower.length > 1 ? 'these modules add' : 'this module adds'} to it.` : ''}
    The other modules change the net by less than 5 %. ${protective.length ? `Without ${list(protective.map((x) => `\`${x.module.name}\``))}, OPG loss is no longer osteoporotic in ${label} at all: the doubled osteoclasts are matched by formation.` : ''}
    The sizes of these effects rest on module shares that are calibrated or assumed (each parameter says which
    in \`models/bone-rankl.yaml\`), so this attribution is as good as those shares.
  `);
  if (core) {
    nb.check(`No single module carries the whole difference from Pivonka's core: with any one module off, ${label} still loses less bone per unit of turnover after OPG loss than Pivonka 2008.`,
      ablation.every((x) => x.net > core.net),
      `deepest loss with one module off: ${years(ablation[0].net)} (\`${ablation[0].module.name}\` off) vs ${years(core.net)} in Pivonka 2008`);
  }
  nb.check(`${label}'s OPG-loss osteoporosis rests on one module: with osteoclast miR-214 exosomes off, OPG loss gains bone; with any other single module off it still loses bone.`,
    protective.length === 1 && protective[0].module.name === 'on_mir214_exosomes' && ablation.filter((x) => x !== protective[0]).every((x) => x.net < 0),
    `modules whose removal leaves no net loss: ${protective.length ? protective.map((x) => `\`${x.module.name}\` (${years(x.net)})`).join(', ') : 'none'}`);

  const lag = m.entry.modules!.find((x) => x.name === 'on_formation_lag');
  const coreKo = pivonka ? describe(pivonka, 'RANKL knockout') : undefined;
  if (lag && coreKo) {
    const ownKo = describe(m, 'RANKL knockout');
    const noLag = runCondition(m.entry, 'RANKL knockout', { [lag.name]: 0 });
    const noLagTurnover = turnover({ ...m, runs: { ...m.runs, 'RANKL knockout': noLag } }, 'RANKL knockout');
    const explained = (ownKo.net - noLagTurnover.net) / (ownKo.net - coreKo.net);
    nb.prose(`
      After RANKL knockout ${label} gains ${days(ownKo.net)} of healthy formation, Pivonka's core ${days(coreKo.net)}. Both lose
      their osteoblast supply with the osteoclasts, so both gains are the one-off kind. The difference is
      how long formation outlasts resorption, and in ${label} formed bone follows the osteoblasts with a
      60-day lag (\`${lag.name}\`): formation runs on for ${days(ownKo.formed)} at the healthy rate against
      ${days(coreKo.formed)} in Pivonka's core. With the lag off, ${label} gains ${days(noLagTurnover.net)}.
    `);
    nb.check(`Most of ${label}'s larger one-off gain after RANKL knockout is its formation lag.`,
      explained > 0.5,
      `gain in days of healthy formation: ${label} ${days(ownKo.net)}, without the lag ${days(noLagTurnover.net)}, Pivonka 2008 ${days(coreKo.net)}; the lag accounts for ${formatPercent(100 * explained, 0).replace('+', '')} of the difference`);
  }
  nb.checks();
}

nb.setSummary(`
  OPG loss and RANKL knockout for ${YEARS} years in ${labels}. ${allPorotic && allPetrotic ? 'Every model gives osteoporosis and osteopetrosis' : 'Not every model gives both phenotypes (see the checks)'}, and the size differs. Counted in years of
  healthy formation, so that the readouts' different turnover scales drop out, bone lost after OPG loss is ${list(opg.map((d) => `${years(-d.net)} (${d.m.entry.label})`))},
  in the order of how steeply each model turns RANKL into osteoclasts; bone gained after RANKL knockout is ${list(ko.map((d) => `${days(d.net)} (${d.m.entry.label})`))},
  set by whether osteoblast supply survives the osteoclasts and by how long formation outlasts resorption.
  ${moduleFinding} ${nb.checked.filter((c) => c.holds).length} of ${nb.checked.length} checked statements hold.
`);
nb.write();
