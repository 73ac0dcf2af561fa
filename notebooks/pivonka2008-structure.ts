// Pivonka et al. 2008: the PTH experiment, and which osteoblasts should carry RANKL and make OPG.
// Run: npx tsx notebooks/pivonka2008-structure.ts
import type { Model } from '../src/model/model.ts';
import { modelVariant } from '../src/model/variant.ts';
import { PALETTE } from '../src/render/chartTypes.ts';
import { formatFold, formatPercent } from '../src/render/format.ts';
import { timeSeriesChart } from '../src/render/timeSeriesChart.ts';
import type { SimulationResult } from '../src/simulate/simulate.ts';
import { builtinModel, pulse, run } from './lib/experiment.ts';
import { notebook } from './lib/notebook.ts';
import { at, cellFoldPanel, CELL_COLORS, foldLine, line, maxOf, minOf, parameter } from './lib/panels.ts';

const nb = notebook(import.meta.url, {
  title: 'Pivonka 2008: the PTH experiment and the RANKL/OPG model structures',
  summary: 'Reproduces the PTH experiment of Pivonka et al. (Bone 2008) and compares the four ways of placing RANKL and OPG on the osteoblast lineage.',
});
const model = builtinModel('pivonka2008');
const lemaire = builtinModel('lemaire2004');

nb.section('The PTH experiment');
const PTH_DOSE = 1000; // pM/day, bone_models Pivonka_Load_Case_1
const PTH_END = 100;
const END = 140;
const pth = run(model, { id: 'pivonka-pth', title: 'PTH, days 0-100', duration: END, events: pulse('P_PTH_d', PTH_DOSE, 0, PTH_END, 'PTH infusion') });
const lemairePth = run(lemaire, { id: 'lemaire-pth', title: 'PTH, days 0-100', duration: END, events: pulse('I_P', PTH_DOSE, 0, PTH_END, 'PTH infusion') });
const fold = (r: SimulationResult, column: string, from = 0, to = Infinity) => maxOf(r, column, from, to).value / r.series[column][0];
const pthLevel = (r: SimulationResult) => at(r, 'PTH', PTH_END / 2);
const steady = run(model, { id: 'steady', title: 'steady', duration: 1 });
nb.prose(`
  Pivonka's model has the same three cell populations as Lemaire's (precursor osteoblasts OBp,
  active osteoblasts OBa, active osteoclasts OCa) but a different control structure: TGF-\u03b2
  released by resorption recruits uncommitted osteoblasts and holds back precursor maturation,
  RANKL sits on the precursors and OPG is made by the active osteoblasts. bonesim runs the
  parameter set of the original MATLAB code (bone_models), the only one known to reproduce the
  published steady state.

  The PTH experiment of bone_models (Pivonka_Load_Case_1) infuses PTH at ${PTH_DOSE} pM/day from day
  0 to day ${PTH_END} and follows the cells to day ${END}. PTH rises from
  ${steady.series.PTH[0].toFixed(2)} to ${pthLevel(pth).toFixed(2)} pM. Figure 1 shows the cells relative to
  their steady state, and the same infusion in Lemaire's model for comparison.
`);
nb.figure(timeSeriesChart([
  cellFoldPanel(pth, 'Pivonka 2008'),
  cellFoldPanel(lemairePth, 'Lemaire 2004, same infusion'),
  { title: 'Bone volume', unit: '%', series: [line(pth, 'BV', 'Pivonka 2008', { color: '#000000' }), line(lemairePth, 'BV', 'Lemaire 2004', { color: '#000000', dash: '5,3' })] },
], {
  document: nb.document, idPrefix: 'fig-pth', timeUnit: 'day', columns: 3, panelWidth: 320,
  title: 'Continuous PTH on days 0-100', subtitle: `P_PTH,d = ${PTH_DOSE} pM/day (bone_models Pivonka_Load_Case_1)`,
  markers: [{ time: PTH_END, label: 'PTH stops' }],
  legendItems: [
    { label: 'osteoblast precursors', color: CELL_COLORS.precursors },
    { label: 'active osteoblasts', color: CELL_COLORS.osteoblasts },
    { label: 'active osteoclasts', color: CELL_COLORS.osteoclasts },
    { label: 'Pivonka 2008', color: '#000000' },
    { label: 'Lemaire 2004', color: '#000000', dash: '5,3' },
  ],
}), 'Cells relative to their steady state under continuous PTH, in Pivonka\'s and Lemaire\'s models; bone volume in both (balanced readouts).');

const ocPeak = maxOf(pth, 'OCa', 0, PTH_END);
nb.check('Continuous PTH is catabolic in Pivonka\'s model: osteoclasts rise and bone is lost while it is given.',
  ocPeak.value > 1.5 * pth.series.OCa[0] && at(pth, 'BV', PTH_END) < 100,
  `osteoclasts peak at ${formatFold(ocPeak.value / pth.series.OCa[0])} on day ${ocPeak.time}; bone volume ${formatPercent(at(pth, 'BV', PTH_END) - 100, 3)} at day ${PTH_END}`,
  'Pivonka 2008; research notes \u00a72');
nb.check('Formation follows resorption: active osteoblasts rise too (coupling through TGF-\u03b2).',
  fold(pth, 'OBa', 0, PTH_END) > 1.2,
  `active osteoblasts peak at ${formatFold(fold(pth, 'OBa', 0, PTH_END))}, precursors at ${formatFold(fold(pth, 'OBp', 0, PTH_END))}`,
  'Pivonka 2008');
nb.check('PTH effects are much weaker in Pivonka\'s model than in Lemaire\'s at the same PTH level.',
  Math.abs(pthLevel(pth) - pthLevel(lemairePth)) < 1e-9 * pthLevel(pth) && fold(pth, 'OCa') < 0.75 * fold(lemairePth, 'C'),
  `PTH ${pthLevel(pth).toFixed(2)} pM in both; osteoclasts peak at ${formatFold(fold(pth, 'OCa'))} (Pivonka) vs ${formatFold(fold(lemairePth, 'C'))} (Lemaire); bone volume at day ${PTH_END}: ${formatPercent(at(pth, 'BV', PTH_END) - 100, 3)} vs ${formatPercent(at(lemairePth, 'BV', PTH_END) - 100, 3)}`,
  'research notes \u00a72');
nb.check('The response is transient: 40 days after PTH stops, osteoclasts are back within 5 % of the steady state.',
  Math.abs(at(pth, 'OCa', END) / pth.series.OCa[0] - 1) < 0.05,
  `osteoclasts at day ${END}: ${formatFold(at(pth, 'OCa', END) / pth.series.OCa[0])}`, 'Pivonka 2008');
nb.checks();

nb.section('Which cells carry RANKL and make OPG?');
const OBp = steady.series.OBp[0];
const OBa = steady.series.OBa[0];
type Cell = 'OBp' | 'OBa';
/** A structure as data: RANKL_eff and P_OPG read the chosen cell, rescaled so that the healthy steady state is unchanged. */
const structure = (rankl: Cell, opg: Cell): { name: string; model: Model } => {
  const name = `RANKL on ${rankl}, OPG on ${opg}`;
  if (rankl === 'OBp' && opg === 'OBa') return { name: `${name} (published)`, model };
  const scale = { OBp: 1 / OBp, OBa: 1 / OBa };
  return {
    name,
    model: modelVariant(model, {
      id: `pivonka2008-rankl-${rankl}-opg-${opg}`.toLowerCase(),
      expressions: { RANKL_eff: `R_RANKL * ${rankl} * pi_act_PTH`, P_OPG: `beta_OPG * ${opg} * pi_rep_PTH` },
      parameters: {
        R_RANKL: parameter(model, 'R_RANKL') * OBp * scale[rankl],
        beta_OPG: parameter(model, 'beta_OPG') * OBa * scale[opg],
      },
      note: `RANKL expressed by ${rankl}, OPG produced by ${opg}, rescaled to the published steady state`,
    }),
  };
};
const STRUCTURES = [structure('OBp', 'OBa'), structure('OBa', 'OBa'), structure('OBp', 'OBp'), structure('OBa', 'OBp')];
const START = 20;
const STOP = 80;
const PERTURBATIONS = [
  { name: 'PTH', input: 'P_PTH_d', dose: 1000 },
  { name: 'OPG', input: 'P_OPG_d', dose: 2e5 },
  { name: 'RANKL', input: 'P_RANKL_d', dose: 1e4 },
  { name: 'TGF-\u03b2', input: 'P_TGFb_d', dose: 1e-3 },
];
const steadyStates = STRUCTURES.map((s) => run(s.model, { id: 'steady', title: 'steady', duration: 1 }));
const sameBaseline = steadyStates.every((r) => ['OBp', 'OBa', 'OCa'].every((c) => Math.abs(r.series[c][0] / steady.series[c][0] - 1) < 1e-8));
nb.prose(`
  Pivonka et al. asked where in the osteoblast lineage RANKL and OPG act: each can be expressed by
  the precursors (OBp) or by the active osteoblasts (OBa), which makes four model structures; the
  published model puts RANKL on OBp and OPG on OBa. Here each structure is a model variant built as
  data: the expressions RANKL_{eff} and P_{OPG} read the other cell, and R_{RANKL} or \u03b2_{OPG} is rescaled by
  the steady-state ratio OBp/OBa = ${(OBp / OBa).toFixed(4)} so that every structure has the same healthy steady state
  (${sameBaseline ? 'checked: all four agree to 1e-8' : 'they do not: see the checks'}); otherwise a
  difference in response could come from a different baseline.

  Each structure receives four perturbations from day ${START} to day ${STOP}:
  ${PERTURBATIONS.map((p) => `${p.name} at ${p.dose} pM/day`).join(', ')}.
`);
const results = STRUCTURES.map((s) => PERTURBATIONS.map((p) => run(s.model, {
  id: `${s.model.id}-${p.input}`, title: `${p.name}: ${s.name}`, duration: END, events: pulse(p.input, p.dose, START, STOP, p.name),
})));
const structureStyle = (k: number) => ({ color: PALETTE[k], dash: k === 0 ? undefined : ['6,3', '2,2', '8,3,2,3'][k - 1], width: k === 0 ? 2.6 : 2 });
const panelsFor = (column: string, unit: string, relative: boolean) => PERTURBATIONS.map((p, j) => ({
  title: `${p.name} given`,
  unit,
  series: STRUCTURES.map((s, k) => (relative ? foldLine : line)(results[k][j], column, s.name, structureStyle(k))),
}));
const legendItems = STRUCTURES.map((s, k) => ({ label: s.name, ...structureStyle(k) }));
const markers = [{ time: START, label: 'perturbation starts' }, { time: STOP, label: 'perturbation stops' }];
nb.figure(timeSeriesChart(panelsFor('OCa', '\u00d7 steady state', true), {
  document: nb.document, idPrefix: 'fig-structure-oc', timeUnit: 'day', columns: 4, panelWidth: 260, panelHeight: 230,
  title: 'Active osteoclasts in the four model structures', markers, legendItems,
}), 'Active osteoclasts relative to the common steady state, for each structure and perturbation.');
nb.figure(timeSeriesChart(panelsFor('BV', '%', false), {
  document: nb.document, idPrefix: 'fig-structure-bv', timeUnit: 'day', columns: 4, panelWidth: 260, panelHeight: 230,
  title: 'Bone volume in the four model structures', markers, legendItems,
}), 'Bone volume (balanced readout) for each structure and perturbation.');

const ocFold = (k: number, j: number) => maxOf(results[k][j], 'OCa', START, END).value / results[k][j].series.OCa[0];
const ocTrough = (k: number, j: number) => minOf(results[k][j], 'OCa', START, END).value / results[k][j].series.OCa[0];
const bvAt80 = (k: number, j: number) => at(results[k][j], 'BV', STOP) - 100;
nb.table(['structure', ...PERTURBATIONS.map((p) => `${p.name} given`)],
  STRUCTURES.map((s, k) => [s.name, ...PERTURBATIONS.map((_, j) => `${formatFold(ocFold(k, j))} / ${formatFold(ocTrough(k, j))}`)]),
  { caption: `Active osteoclasts, largest / smallest value from day ${START} to ${END}, relative to the steady state.`, align: ['left', 'right', 'right', 'right', 'right'] });
nb.table(['structure', ...PERTURBATIONS.map((p) => `${p.name} given`)],
  STRUCTURES.map((s, k) => [s.name, ...PERTURBATIONS.map((_, j) => formatPercent(bvAt80(k, j), 3))]),
  { caption: `Bone volume change at day ${STOP}.`, align: ['left', 'right', 'right', 'right', 'right'] });

// What the numbers say about structure, computed rather than asserted.
const signs = PERTURBATIONS.map((_, j) => STRUCTURES.map((__, k) => Math.sign(bvAt80(k, j))));
const sameDirection = signs.every((row) => row.every((s) => s === row[0]));
/** The whole osteoclast response, size and duration: the integral of |ln(OCa / OCa*)| over the run (days). */
const deviation = (k: number, j: number) => {
  const r = results[k][j];
  let total = 0;
  for (let i = 1; i < r.times.length; i++) {
    const a = Math.abs(Math.log(r.series.OCa[i - 1] / r.series.OCa[0]));
    const b = Math.abs(Math.log(r.series.OCa[i] / r.series.OCa[0]));
    total += 0.5 * (a + b) * (r.times[i] - r.times[i - 1]);
  }
  return total;
};
const strongest = PERTURBATIONS.map((_, j) => STRUCTURES.reduce((best, __, k) => (deviation(k, j) > deviation(best, j) ? k : best), 0));
nb.check('Structure changes the size of the response, not its direction: each perturbation moves bone the same way in all four structures.',
  sameDirection,
  PERTURBATIONS.map((p, j) => `${p.name}: ${signs[j].map((s) => (s > 0 ? 'gain' : s < 0 ? 'loss' : 'none')).join('/')}`).join('; '));
// PTH, OPG and RANKL act through the RANKL/OPG ratio, which is what the placement changes;
// TGF-beta acts on osteoclast apoptosis and osteoblast recruitment directly.
const ranklPathway = PERTURBATIONS.map((p, j) => ({ p, j })).filter(({ p }) => ['PTH', 'OPG', 'RANKL'].includes(p.name));
const publishedLargest = nb.check('The published structure (RANKL on precursors, OPG on active osteoblasts) gives the largest osteoclast response, \u222b|ln(OCa/OCa*)| dt, to the perturbations that act through RANKL/OPG (PTH, OPG, RANKL); the values are listed in the order of the tables.',
  ranklPathway.every(({ j }) => strongest[j] === 0),
  ranklPathway.map(({ p, j }) => `${p.name}: ${STRUCTURES.map((_, k) => deviation(k, j).toFixed(1)).join(' / ')} day`).join('; '));
const weakest = PERTURBATIONS.map((_, j) => STRUCTURES.reduce((best, __, k) => (deviation(k, j) < deviation(best, j) ? k : best), 0));
nb.check('The opposite structure (RANKL on active osteoblasts, OPG on precursors) responds least to them.',
  ranklPathway.every(({ j }) => weakest[j] === 3),
  ranklPathway.map(({ p, j }) => `${p.name}: smallest in "${STRUCTURES[weakest[j]].name}"`).join('; ') + ' (same measure)');
const tgf = PERTURBATIONS.findIndex((p) => p.name.startsWith('TGF'));
nb.prose(`
  TGF-\u03b2 is different: it acts on osteoclast apoptosis and osteoblast recruitment directly, and
  its largest osteoclast response (\u222b|ln(OCa/OCa*)| dt = ${deviation(strongest[tgf], tgf).toFixed(1)} day, trough
  ${formatFold(ocTrough(strongest[tgf], tgf))}) is in "${STRUCTURES[strongest[tgf]].name}", the smallest in
  "${STRUCTURES[weakest[tgf]].name}" (${deviation(weakest[tgf], tgf).toFixed(1)} day, trough ${formatFold(ocTrough(weakest[tgf], tgf))}).
`);
nb.check('Every structure keeps the healthy steady state it was calibrated to.', sameBaseline,
  `OBp, OBa, OCa at t = 0 in every variant equal the published model's ${[OBp, OBa, steady.series.OCa[0]].map((v) => v.toExponential(4)).join(', ')} pM`);
nb.checks();
// Why: compare how far the two osteoblast stages move in the published structure.
const stageSwing = (j: number, column: string) => {
  const r = results[0][j];
  return Math.max(maxOf(r, column, START, END).value / r.series[column][0] - 1, 1 - minOf(r, column, START, END).value / r.series[column][0]);
};
const precursorsSwingMore = PERTURBATIONS.every((_, j) => stageSwing(j, 'OBp') > stageSwing(j, 'OBa'));
nb.check('In the published structure the precursors move further than the active osteoblasts under every perturbation.',
  precursorsSwingMore,
  PERTURBATIONS.map((p, j) => `${p.name}: OBp \u00b1${formatPercent(100 * stageSwing(j, 'OBp'), 0).replace('+', '')}, OBa \u00b1${formatPercent(100 * stageSwing(j, 'OBa'), 0).replace('+', '')}`).join('; '));
nb.checks();
nb.prose(`
  ${precursorsSwingMore
    ? 'The last check suggests why placement matters: the precursors swing further than the active osteoblasts, so RANKL carried by precursors amplifies a stimulus, while OPG made by active osteoblasts, which swing less, damps it less. Placing RANKL on the active osteoblasts and OPG on the precursors reverses both.'
    : 'The precursors do not consistently swing further than the active osteoblasts, so the ranking above is not explained by the stage that carries each signal alone.'}
  The paper's own figure values were not available to compare against (research notes \u00a72):
  the comparison here is between structures, on the as-coded parameter set.
`);

nb.setSummary(`
  Reproduces the PTH experiment of Pivonka et al. (Bone 2008) with the bone_models load case and
  compares the four placements of RANKL and OPG on the osteoblast lineage, built as model
  variants with a common steady state. Continuous PTH is catabolic but weaker than in Lemaire's
  model (osteoclasts ${formatFold(fold(pth, 'OCa'))} vs ${formatFold(fold(lemairePth, 'C'))}); the
  published structure ${publishedLargest ? 'gives' : 'does not give'} the largest osteoclast responses to PTH, OPG and RANKL. ${nb.checked.filter((c) => c.holds).length} of
  ${nb.checked.length} checked statements hold.
`);
nb.write();
