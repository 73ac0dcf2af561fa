// Osteoporosis (OPG loss) against osteopetrosis (RANKL knockout) in every model, and why the
// models disagree about how much. Run: npx tsx notebooks/osteoporosis-vs-osteopetrosis.ts
import { compareRuns } from '../src/analysis/compare.ts';
import { metricRows, type MetricRow } from '../src/analysis/metricRows.ts';
import { runMetrics } from '../src/analysis/metrics.ts';
import { PALETTE } from '../src/render/chartTypes.ts';
import { formatFold, formatMetric, formatPercent, timeFormatFor } from '../src/render/format.ts';
import { timeSeriesChart, type Panel } from '../src/render/timeSeriesChart.ts';
import { loadScenario } from '../src/simulate/loadScenario.ts';
import { simulate, type SimulationResult } from '../src/simulate/simulate.ts';
import { builtinModel, experiment, expressionAt } from './lib/experiment.ts';
import { notebook } from './lib/notebook.ts';
import { foldLine, line } from './lib/panels.ts';

/**
 * One entry per model: how it loses OPG and RANKL (parameter changes at t = 0, or a scenario
 * file), and the model's own expressions for the three mechanisms the discussion compares.
 * To add a model, add an entry; everything below is computed from the entries.
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
  /** How the model wires these, read off its equations. */
  wiring: string;
}

const MODELS: ModelEntry[] = [
  {
    id: 'lemaire2004',
    label: 'Lemaire 2004',
    opgLoss: { K_OP: 0 },
    ranklKnockout: { K_LP: 0 },
    mechanisms: { osteoclastFormation: 'D_C * pi_L', osteoclastDeath: 'D_A * pi_C', osteoblastSupply: 'D_R * pi_C' },
    wiring: 'osteoclasts form in proportion to RANK occupancy, with no ceiling; TGF-\u03b2 (\u03c0_{C}, rising with the osteoclasts) speeds their death and the commitment of precursors, which are supplied at D_{R}\u00b7\u03c0_{C} and so keep the floor D_{R}\u00b7f_{0} when osteoclasts vanish',
  },
  {
    id: 'pivonka2008',
    label: 'Pivonka 2008',
    opgLoss: { beta_OPG: 0 },
    ranklKnockout: { R_RANKL: 0 },
    mechanisms: { osteoclastFormation: 'D_OCp * pi_act_OCp', osteoclastDeath: 'A_OCa * pi_act_OCa', osteoblastSupply: 'D_OBu * pi_act_OBu' },
    wiring: 'osteoclast precursors are activated by a saturating function of the RANKL\u2013RANK complex; TGF-\u03b2 released in proportion to the osteoclasts drives both their death and the recruitment of uncommitted osteoblasts, so osteoblast supply stops when osteoclasts vanish',
  },
  // The mechanism model (issue 3) joins with one more entry, e.g.
  // { id: 'bone-rankl', label: 'bonesim mechanism model', opgLoss: 'scenarios/<its OPG loss>.yaml', ranklKnockout: 'scenarios/<its RANKL knockout>.yaml', mechanisms: {...}, wiring: '...' },
];

const nb = notebook(import.meta.url, {
  title: 'Osteoporosis vs osteopetrosis in every model',
  summary: 'OPG loss and RANKL knockout for ten years in each model, and why the models disagree about how much bone is lost or gained.',
});
const YEARS = 10;
const conditions = ['healthy', 'OPG loss', 'RANKL knockout'] as const;
type Condition = (typeof conditions)[number];
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

function runCondition(entry: ModelEntry, condition: Condition): SimulationResult {
  const model = builtinModel(entry.id);
  const change = condition === 'healthy' ? {} : condition === 'OPG loss' ? entry.opgLoss : entry.ranklKnockout;
  if (typeof change === 'string') {
    const loaded = loadScenario(change);
    return simulate(loaded.scenario, loaded.model);
  }
  const duration = YEARS * 365.25;
  return simulate(experiment(model, {
    id: `${entry.id}-${condition.replace(/\s+/g, '-').toLowerCase()}`,
    title: `${entry.label}: ${condition}`,
    duration,
    events: Object.keys(change).length ? [{ at: 0, set: change, description: condition }] : [],
  }), model);
}

const all: ModelRuns[] = MODELS.map((entry) => {
  const runs = Object.fromEntries(conditions.map((c) => [c, runCondition(entry, c)])) as Record<Condition, SimulationResult>;
  const comparison = compareRuns(conditions.map((c) => runs[c]));
  return { entry, runs, rows: metricRows(comparison.runs.map((r) => runMetrics(r, comparison.timeUnit))) };
});
const role = (r: SimulationResult, name: 'active_osteoclasts' | 'active_osteoblasts' | 'bone_volume' | 'rankl' | 'rank_occupancy') => r.model.roles[name]!;
const endFold = (m: ModelRuns, c: Condition, column: string) => {
  const series = m.runs[c].series[column];
  return series[series.length - 1] / m.runs.healthy.series[column][0];
};
const mechanismFold = (m: ModelRuns, c: Condition, key: keyof ModelEntry['mechanisms']) =>
  expressionAt(m.runs[c], m.entry.mechanisms[key]) / expressionAt(m.runs.healthy, m.entry.mechanisms[key], 0);
const bvChange = (m: ModelRuns, c: Condition) => {
  const bv = m.runs[c].series[role(m.runs[c], 'bone_volume')];
  return 100 * (bv[bv.length - 1] / bv[0] - 1);
};
const labels = MODELS.map((m) => m.label).join(', ');

nb.section('Two diseases, one switch');
nb.prose(`
  OPG is the decoy receptor that keeps RANKL off RANK; without it, osteoclasts multiply and mice
  develop early osteoporosis (Bucay 1998). Without RANKL, no osteoclasts form at all and bone
  accumulates: osteopetrosis (Kong 1999). Both are one parameter in each model: OPG production or
  RANKL expression set to zero at t = 0, from the healthy steady state, for ${YEARS} years. The
  models compared here: ${labels}.
`);
const bvPanels: Panel[] = all.map((m) => ({
  title: m.entry.label,
  unit: '%',
  series: conditions.map((c) => line(m.runs[c], role(m.runs[c], 'bone_volume'), c, { ...STYLE[c], width: c === 'healthy' ? 1.6 : 2.4 })),
}));
const legendItems = conditions.map((c) => ({ label: c, ...STYLE[c] }));
nb.figure(timeSeriesChart(bvPanels, {
  document: nb.document, idPrefix: 'fig-bv', timeUnit: 'day', columns: all.length, panelWidth: 420, panelHeight: 280,
  title: `Bone volume over ${YEARS} years`, legendItems,
}), 'Bone volume (each model\'s balanced readout, % of the start) after OPG loss or RANKL knockout at t = 0.');
const cellPanels: Panel[] = [
  ...all.map((m) => ({ title: `${m.entry.label}: active osteoclasts`, unit: '\u00d7 healthy', series: conditions.map((c) => foldLine(m.runs[c], role(m.runs[c], 'active_osteoclasts'), c, STYLE[c])) })),
  ...all.map((m) => ({ title: `${m.entry.label}: active osteoblasts`, unit: '\u00d7 healthy', series: conditions.map((c) => foldLine(m.runs[c], role(m.runs[c], 'active_osteoblasts'), c, STYLE[c])) })),
];
nb.figure(timeSeriesChart(cellPanels, {
  document: nb.document, idPrefix: 'fig-cells', timeUnit: 'day', columns: all.length, panelWidth: 420, panelHeight: 260, log: true,
  title: 'Active osteoclasts and osteoblasts', subtitle: 'relative to the healthy steady state; log axes', legendItems,
}), 'Cell populations relative to the healthy steady state (log axes).');

// The report's own metrics (bonesim compare), one column per model and condition.
const columns = all.flatMap((m) => conditions.slice(1).map((c) => ({ m, c, i: conditions.indexOf(c) })));
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
  ['steady_state_reached', 'cells at a new steady state'],
];
const time = timeFormatFor('day', YEARS * 365.25);
nb.table(columnHeader, METRICS.map(([key, label]) => [label, ...columns.map(({ m, i }) => {
  const row = m.rows.find((r) => r.key === key);
  return row ? formatMetric(row.values[i], row.kind, time) : '\u2013';
})]), { caption: 'The metrics of `bonesim compare` for each model and condition.', align: numeric });

nb.section('The phenotypes');
const porotic = all.filter((m) => bvChange(m, 'OPG loss') < 0 && endFold(m, 'OPG loss', role(m.runs.healthy, 'active_osteoclasts')) > 1);
const allPorotic = nb.check('OPG loss is osteoporotic in every model: more osteoclasts, less bone.', porotic.length === all.length,
  all.map((m) => `${m.entry.label}: osteoclasts ${formatFold(endFold(m, 'OPG loss', role(m.runs.healthy, 'active_osteoclasts')))}, bone ${formatPercent(bvChange(m, 'OPG loss'))} at ${YEARS} years`).join('; '),
  'Bucay 1998; Min 2000 (research notes \u00a77)');
const petrotic = all.filter((m) => bvChange(m, 'RANKL knockout') > 0 && endFold(m, 'RANKL knockout', role(m.runs.healthy, 'active_osteoclasts')) < 0.01);
const allPetrotic = nb.check('RANKL knockout is osteopetrotic in every model: osteoclasts all but vanish and bone accumulates.', petrotic.length === all.length,
  all.map((m) => `${m.entry.label}: osteoclasts ${formatFold(endFold(m, 'RANKL knockout', role(m.runs.healthy, 'active_osteoclasts')))}, bone ${formatPercent(bvChange(m, 'RANKL knockout'), 3)}`).join('; '),
  'Kong 1999 (research notes \u00a77)');
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
    bone: bvChange(m, c),
  };
};
const opg = all.map((m) => ({ m, ...describe(m, 'OPG loss') }));
const ko = all.map((m) => ({ m, ...describe(m, 'RANKL knockout') }));
const mechanismRows: [string, (d: ReturnType<typeof describe>, c: Condition) => string][] = [
  ['free RANKL', (d) => formatFold(d.rankl)],
  ['RANK occupancy', (d) => formatFold(d.occupancy)],
  ['osteoclast formation', (d) => formatFold(d.formation)],
  ['death rate per osteoclast', (d) => formatFold(d.death)],
  ['active osteoclasts', (d) => formatFold(d.osteoclasts)],
  ['osteoblast supply', (d) => formatFold(d.supply)],
  ['active osteoblasts', (d) => formatFold(d.osteoblasts)],
  [`bone volume change at ${YEARS} years`, (d, c) => formatPercent(d.bone, c === 'OPG loss' ? 1 : 3)],
];
const described = columns.map(({ m, c }) => ({ c, d: describe(m, c) }));
nb.table(columnHeader, mechanismRows.map(([label, show]) => [label, ...described.map(({ c, d }) => show(d, c))]),
  { caption: `Each mechanism at ${YEARS} years relative to the healthy steady state, evaluated from the models' own expressions (the \`mechanisms\` of each model entry in this notebook).`, align: numeric });

const byLoss = [...opg].sort((a, b) => a.bone - b.bone);
const byFormation = [...opg].sort((a, b) => b.formation - a.formation);
nb.prose(`
  **OPG loss.** Without OPG, free RANKL rises ${opg.map((d) => `${formatFold(d.rankl)} in ${d.m.entry.label}`).join(' and ')}.
  What the osteoclasts make of it depends on the formation law: osteoclast formation rises
  ${opg.map((d) => `${formatFold(d.formation)} (${d.m.entry.label}, RANK occupancy ${formatFold(d.occupancy)})`).join(' and ')},
  while the death rate per osteoclast, driven by the TGF-\u03b2 the osteoclasts themselves release,
  rises ${opg.map((d) => `${formatFold(d.death)} (${d.m.entry.label})`).join(' and ')}. Their ratio sets the
  osteoclasts, ${opg.map((d) => `${formatFold(d.osteoclasts)} (${d.m.entry.label})`).join(' and ')}, and with
  them the bone lost in ${YEARS} years: ${opg.map((d) => `${formatPercent(d.bone)} (${d.m.entry.label})`).join(' and ')}.
`);
nb.check('The model whose osteoclast formation rises most after OPG loss loses the most bone.',
  byLoss.map((d) => d.m.entry.id).join() === byFormation.map((d) => d.m.entry.id).join(),
  `ordered by bone lost: ${byLoss.map((d) => d.m.entry.label).join(' > ')}; by formation rise: ${byFormation.map((d) => d.m.entry.label).join(' > ')}`);
const lemaire = all.find((m) => m.entry.id === 'lemaire2004');
const pivonka = all.find((m) => m.entry.id === 'pivonka2008');
if (lemaire && pivonka) {
  const [l, p] = [describe(lemaire, 'OPG loss'), describe(pivonka, 'OPG loss')];
  nb.check('Osteoclast formation passes the rise in RANK occupancy on one for one in Lemaire\'s model (no ceiling) and only in part in Pivonka\'s (saturating).',
    Math.abs(l.formation / l.occupancy - 1) < 1e-6 && p.formation < 0.9 * p.occupancy,
    `Lemaire: formation ${formatFold(l.formation)} for occupancy ${formatFold(l.occupancy)}; Pivonka: formation ${formatFold(p.formation)} for occupancy ${formatFold(p.occupancy)}`);
}

const byGain = [...ko].sort((a, b) => b.bone - a.bone);
const bySupply = [...ko].sort((a, b) => b.supply - a.supply);
nb.prose(`
  **RANKL knockout.** Osteoclasts disappear in every model (${ko.map((d) => `${formatFold(d.osteoclasts)} in ${d.m.entry.label}`).join(', ')}),
  and with them the TGF-\u03b2 they release. How much bone is then gained depends on what happens to
  the osteoblasts: their supply falls ${ko.map((d) => `to ${formatFold(d.supply)} (${d.m.entry.label})`).join(' and ')},
  leaving ${ko.map((d) => `${formatFold(d.osteoblasts)} of the active osteoblasts (${d.m.entry.label})`).join(' and ')}, so bone
  gains ${ko.map((d) => `${formatPercent(d.bone, 3)} (${d.m.entry.label})`).join(' and ')} in ${YEARS} years. The knockout
  removes resorption and, through coupling, most of formation with it.
`);
nb.check('The model that keeps more osteoblast supply after RANKL knockout gains more bone.',
  byGain.map((d) => d.m.entry.id).join() === bySupply.map((d) => d.m.entry.id).join(),
  `ordered by bone gained: ${byGain.map((d) => d.m.entry.label).join(' > ')}; by osteoblast supply kept: ${bySupply.map((d) => d.m.entry.label).join(' > ')}`);
if (lemaire && pivonka) {
  const [l, p] = [describe(lemaire, 'RANKL knockout'), describe(pivonka, 'RANKL knockout')];
  nb.check('In the RANKL knockout Pivonka\'s model loses its osteoblasts too, so its bone gain is much smaller than Lemaire\'s.',
    p.osteoblasts < 0.1 * l.osteoblasts && p.bone < 0.1 * l.bone,
    `osteoblasts ${formatFold(p.osteoblasts)} vs ${formatFold(l.osteoblasts)}; bone ${formatPercent(p.bone, 3)} vs ${formatPercent(l.bone, 3)}`,
    'research notes \u00a72');
}
nb.checks();

const steadyRow = (m: ModelRuns) => m.rows.find((r) => r.key === 'steady_state_reached')!;
const stillMoving = all.filter((m) => steadyRow(m).values[conditions.indexOf('RANKL knockout')] === 0);
if (stillMoving.length) {
  nb.prose(`
    Not every knockout has settled after ${YEARS} years: ${stillMoving.map((m) => m.entry.label).join(' and ')}
    ${stillMoving.length > 1 ? 'are' : 'is'} still changing. The death rate per osteoclast has fallen with the
    osteoclasts' own TGF-\u03b2, to ${ko.map((d) => `${formatFold(d.death)} (${d.m.entry.label})`).join(' and ')}: the
    lower it falls, the more slowly the last osteoclasts fade.
  `);
}

nb.setSummary(`
  OPG loss and RANKL knockout for ${YEARS} years in ${labels}. ${allPorotic && allPetrotic ? 'Every model gives osteoporosis and osteopetrosis' : 'Not every model gives both phenotypes (see the checks)'}, and the size differs: bone ${opg.map((d) => `${formatPercent(d.bone)} (${d.m.entry.label})`).join(' vs ')} after
  OPG loss, ${ko.map((d) => `${formatPercent(d.bone, 2)} (${d.m.entry.label})`).join(' vs ')} after RANKL knockout, traced to how
  each model forms osteoclasts from RANKL and supplies osteoblasts without TGF-\u03b2.
  ${nb.checked.filter((c) => c.holds).length} of ${nb.checked.length} checked statements hold.
`);
nb.write();
