// Lemaire et al. 2004, Figure 2: add or remove each bone cell type, or give PTH, OPG or RANKL,
// from day 20 to day 80, and follow the cells to day 140. Run: npx tsx notebooks/lemaire2004-perturbations.ts
import { BonesimError } from '../src/errors.ts';
import { modelVariant } from '../src/model/variant.ts';
import { formatFold, formatPercent, formatValue } from '../src/render/format.ts';
import { timeSeriesChart } from '../src/render/timeSeriesChart.ts';
import { PALETTE } from '../src/render/chartTypes.ts';
import type { SimulationResult } from '../src/simulate/simulate.ts';
import { builtinModel, pulse, run } from './lib/experiment.ts';
import { notebook } from './lib/notebook.ts';
import { at, cellFoldPanel, line, maxOf, minOf, parameter, CELL_COLORS } from './lib/panels.ts';

const nb = notebook(import.meta.url, {
  title: 'Lemaire 2004, Figure 2: perturbing osteoblasts, osteoclasts, PTH, OPG and RANKL',
  summary: 'Reproduces the nine perturbation experiments of Lemaire et al. (J Theor Biol 2004) with the load cases of bone_models.',
});
const model = builtinModel('lemaire2004');
const START = 20;
const STOP = 80;
const END = 140;

// The nine load cases of bone_models (load_cases/lemaire_load_cases.py): constant fluxes on days 20-80.
const LOAD_CASES = [
  { id: 'LC1', what: 'add active osteoblasts', input: 'inj_B', value: 1.0e-4 },
  { id: 'LC2', what: 'remove active osteoblasts', input: 'inj_B', value: -8.3e-5 },
  { id: 'LC3', what: 'give PTH', input: 'I_P', value: 1.0e3 },
  { id: 'LC4', what: 'add active osteoclasts', input: 'inj_C', value: 1.0e-4 },
  { id: 'LC5', what: 'remove active osteoclasts', input: 'inj_C', value: -2.9e-4 },
  { id: 'LC6', what: 'give OPG', input: 'I_O', value: 2.0e5 },
  { id: 'LC7', what: 'add responding osteoblasts', input: 'inj_R', value: 1.0e-4 },
  { id: 'LC8', what: 'remove responding osteoblasts', input: 'inj_R', value: -1.2e-3 },
  { id: 'LC9', what: 'give RANKL', input: 'I_L', value: 10 },
] as const;
const unitOf = (input: string) => model.inputs.find((i) => i.name === input)!.unit;

nb.section('The model and the experiment');
const baseline = run(model, { id: 'steady-state', title: 'steady state', duration: END });
const published = { R: 0.7734e-3, B: 0.7282e-3, C: 0.9127e-3 };
const steady = (name: 'R' | 'B' | 'C') => baseline.series[name][0];
const relative = (name: 'R' | 'B' | 'C') => Math.abs(steady(name) / published[name] - 1);
const milli = (pM: number) => (pM * 1e3).toFixed(4);
nb.prose(`
  Lemaire's model follows three cell populations: responding (precursor) osteoblasts R, active
  osteoblasts B and active osteoclasts C. Osteoclasts release TGF-\u03b2, which speeds the commitment of
  precursors and the death of osteoclasts; active osteoblasts carry RANKL, precursors make OPG, and
  PTH raises RANKL and lowers OPG. Every run below starts at the model's own steady state, found by
  bonesim's Newton solver: R, B, C = ${milli(steady('R'))}, ${milli(steady('B'))} and
  ${milli(steady('C'))} \u00d7 10\u207b\u00b3 pM, within ${formatPercent(100 * Math.max(relative('R'), relative('B'), relative('C')), 2).replace('+', '')} of the
  published four-digit values (0.7734, 0.7282 and 0.9127 \u00d7 10\u207b\u00b3 pM).

  Figure 2 of the paper perturbs this steady state nine ways, each applied from day ${START} to day
  ${STOP} and followed to day ${END}. The magnitudes are those of bone_models' load cases, constant
  fluxes added to the cells' equations or exogenous production of PTH, OPG and RANKL:
`);
nb.table(['case', 'perturbation', 'input', 'flux'], LOAD_CASES.map((c) => [c.id, c.what, c.input, `${formatValue(c.value)} ${unitOf(c.input)}`]), { align: ['left', 'left', 'left', 'right'] });

// LC8 removes more precursors than the model can ever make: run it and keep what the engine says.
const runs = new Map<string, SimulationResult>();
let infeasible: { message: string; time: number } | undefined;
for (const c of LOAD_CASES) {
  try {
    runs.set(c.id, run(model, { id: c.id, title: `${c.id}: ${c.what}`, duration: END, events: pulse(c.input, c.value, START, STOP, c.what) }));
  } catch (error) {
    if (!(error instanceof BonesimError) || error.kind !== 'numerical') throw error;
    infeasible = { message: error.problem, time: Number(/t = ([\d.]+) day/.exec(error.problem)?.[1]) };
  }
}

// The feasible version of LC8: removal proportional to R (first order), as in the PySB reproduction.
const withRemoval = modelVariant(model, {
  id: 'lemaire2004-first-order-removal',
  addParameters: [{ name: 'remove_R', value: 0, unit: '1/day', description: 'first-order removal of responding osteoblasts', source: 'PySB-TIBD Lemaire2004.py (1.2e-1 per day)' }],
  rates: { R: `${model.rates.R} - remove_R * R` },
  note: 'responding osteoblasts removed at a first-order rate remove_R',
});
const lc8FirstOrder = run(withRemoval, { id: 'LC8-first-order', title: 'LC8 as first-order removal', duration: END, events: pulse('remove_R', 0.12, START, STOP, 'removal of responding osteoblasts') });

nb.section('The nine responses');
const panels = LOAD_CASES.map((c) => (c.id === 'LC8' && !runs.has('LC8')
  ? cellFoldPanel(lc8FirstOrder, 'LC8 remove precursors (first order, 0.12/day)')
  : cellFoldPanel(runs.get(c.id)!, `${c.id} ${c.what}`)));
nb.figure(timeSeriesChart(panels, {
  document: nb.document,
  idPrefix: 'fig-cells',
  title: 'Responses of the three cell populations (Lemaire 2004, Fig. 2)',
  subtitle: `each perturbation from day ${START} to day ${STOP}; values relative to the steady state; log axes`,
  timeUnit: 'day',
  columns: 3,
  panelWidth: 330,
  panelHeight: 210,
  log: true,
  markers: [{ time: START, label: 'perturbation starts' }, { time: STOP, label: 'perturbation stops' }],
  legendItems: [
    { label: 'osteoblast precursors', color: CELL_COLORS.precursors },
    { label: 'active osteoblasts', color: CELL_COLORS.osteoblasts },
    { label: 'active osteoclasts', color: CELL_COLORS.osteoclasts },
  ],
}), `The nine perturbations of Lemaire et al. Fig. 2, with bone_models' magnitudes. ${infeasible ? `LC8 as a constant flux is infeasible (see below); its panel shows the first-order removal instead.` : ''}`);

type Excursion = { up: number; down: number };
const excursion = (r: SimulationResult, column: string): Excursion => ({
  up: maxOf(r, column, START, END).value / r.series[column][0],
  down: minOf(r, column, START, END).value / r.series[column][0],
});
/** +1 if the larger move (in log terms) is up, -1 if down. */
const direction = (e: Excursion) => (Math.log(e.up) >= -Math.log(e.down) ? 1 : -1);
const rows = LOAD_CASES.filter((c) => runs.has(c.id)).map((c) => {
  const r = runs.get(c.id)!;
  const [R, B, C] = (['R', 'B', 'C'] as const).map((n) => excursion(r, n));
  const bv = (t: number) => formatPercent(at(r, 'BV', t) - 100, 3);
  return [c.id, `${formatFold(R.up)} / ${formatFold(R.down)}`, `${formatFold(B.up)} / ${formatFold(B.down)}`, `${formatFold(C.up)} / ${formatFold(C.down)}`, bv(STOP), bv(END)];
});
nb.table(['case', 'precursors R (max / min)', 'active osteoblasts B', 'active osteoclasts C', 'bone volume, day 80', 'day 140'], rows, {
  caption: `Largest and smallest value of each population from day ${START} to ${END}, relative to the steady state; bone volume change from day 0 (bone_models' balanced readout).`,
  align: ['left', 'right', 'right', 'right', 'right', 'right'],
});

nb.section('What matches the paper');
const cellCases = ['LC1', 'LC2', 'LC4', 'LC5', 'LC7', 'LC3', 'LC6'].filter((id) => runs.has(id));
const coupled = cellCases.filter((id) => direction(excursion(runs.get(id)!, 'B')) === direction(excursion(runs.get(id)!, 'C')));
nb.check('Osteoblast and osteoclast activity stay coupled: whichever way one population is pushed, the other follows.',
  coupled.length === cellCases.length,
  `active osteoblasts and osteoclasts move the same way in ${coupled.length} of ${cellCases.length} cases (${cellCases.map((id) => `${id} ${direction(excursion(runs.get(id)!, 'C')) > 0 ? 'up' : 'down'}`).join(', ')})`,
  'Lemaire 2004, abstract');
const lc3 = runs.get('LC3')!;
const lc3Peak = maxOf(lc3, 'C', START, STOP);
nb.check('Continuous PTH is catabolic: it raises osteoclasts, and bone is lost while it is given.',
  lc3Peak.value > 1.5 * lc3.series.C[0] && at(lc3, 'BV', STOP) < at(lc3, 'BV', START) && at(lc3, 'BV', END) < 100,
  `LC3: osteoclasts peak at ${formatFold(lc3Peak.value / lc3.series.C[0])} on day ${lc3Peak.time}; bone volume ${formatPercent(at(lc3, 'BV', STOP) - at(lc3, 'BV', START), 3)} from day ${START} to ${STOP}, ${formatPercent(at(lc3, 'BV', END) - 100, 3)} at day ${END}`,
  'Lemaire 2004, abstract');
const lc6 = runs.get('LC6')!;
nb.check('OPG is anti-resorptive: osteoclasts fall and bone is gained while it is given.',
  minOf(lc6, 'C', START, STOP).value < 0.5 * lc6.series.C[0] && at(lc6, 'BV', STOP) > at(lc6, 'BV', START),
  `LC6: osteoclasts fall to ${formatFold(minOf(lc6, 'C', START, STOP).value / lc6.series.C[0])}; bone volume ${formatPercent(at(lc6, 'BV', STOP) - at(lc6, 'BV', START), 3)} from day ${START} to ${STOP}`,
  'Lemaire 2004, abstract and Fig. 2');
const lc7 = runs.get('LC7')!;
nb.check('Enlarging the precursor pool builds bone through more active osteoblasts.',
  maxOf(lc7, 'B').value > 1.2 * lc7.series.B[0] && at(lc7, 'BV', END) > 100,
  `LC7: active osteoblasts up to ${formatFold(maxOf(lc7, 'B').value / lc7.series.B[0])}; bone volume ${formatPercent(at(lc7, 'BV', END) - 100, 3)} at day ${END}`,
  'Lemaire 2004, abstract');
const returned = [...runs.values()].filter((r) => Math.abs(r.series.C[r.series.C.length - 1] / r.series.C[0] - 1) < 0.1);
nb.check('Every perturbation is transient: 60 days after it stops, osteoclasts are back within 10 % of the steady state.',
  returned.length === runs.size,
  `${returned.length} of ${runs.size} feasible cases; osteoclasts at day ${END}: ${[...runs.entries()].map(([id, r]) => `${id} ${formatFold(r.series.C[r.series.C.length - 1] / r.series.C[0])}`).join(', ')}`,
  'Lemaire 2004, Fig. 2');
nb.checks();

nb.section('Two load cases need care');
const D_R = parameter(model, 'D_R');
const lc8Flux = Math.abs(LOAD_CASES.find((c) => c.id === 'LC8')!.value);
const R0 = steady('R');
const bound = START + R0 / (lc8Flux - D_R);
nb.prose(`
  **LC8 cannot be run as a constant flux.** Precursors are made at D_{R}\u00b7\u03c0_{C} \u2264 D_{R} =
  ${formatValue(D_R)} pM/day (\u03c0_{C} \u2264 1), but LC8 removes ${lc8Flux} pM/day, so R falls by at least
  ${formatValue(lc8Flux - D_R)} pM/day from ${formatValue(R0)} pM and must pass zero before day
  ${bound.toFixed(2)}. ${infeasible ? `bonesim stops the run there and says so: "${infeasible.message}".` : 'The run did not fail, which contradicts this bound.'}
  bone_models' own integrator fails at the same place. The panel in Figure 1 removes precursors at
  a first-order rate instead (0.12/day, the PySB reproduction's choice), a model variant built as
  data: the rate of R gains the term \u2212remove_{R}\u00b7R.
`);
nb.check('LC8 as a constant flux drives the precursors negative soon after day 20.',
  infeasible !== undefined && infeasible.time > START && infeasible.time <= bound,
  infeasible ? `R became negative at day ${infeasible.time.toFixed(2)}; the flux bound says before day ${bound.toFixed(2)}` : 'the run completed',
  'research notes \u00a71 (LC8 is infeasible)');

const lc9 = runs.get('LC9')!;
const lc9Dose = LOAD_CASES.find((c) => c.id === 'LC9')!.value;
const lc9Rankl = maxOf(lc9, 'RANKL', START, STOP).value / lc9.series.RANKL[0];
const strongDose = 1e4;
const opgDose = 9e4;
const ranklAlone = run(model, { id: 'rankl', title: 'RANKL from day 20', duration: END, events: [{ at: START, set: { I_L: strongDose }, description: 'RANKL starts' }] });
const ranklThenOpg = run(model, {
  id: 'rankl-opg', title: 'RANKL from day 20, OPG from day 80', duration: END,
  events: [{ at: START, set: { I_L: strongDose }, description: 'RANKL starts' }, { at: STOP, set: { I_O: opgDose }, description: 'OPG added' }],
});
nb.prose(`
  **LC9 is weak.** Exogenous RANKL multiplies RANKL by (1 + I_{L}/r_{L}), and with I_{L} = ${lc9Dose} pM/day and
  r_{L} = ${parameter(model, 'r_L')} pM/day that is ${formatPercent(100 * (lc9Rankl - 1), 2)}: osteoclasts rise to only
  ${formatFold(maxOf(lc9, 'C', START, STOP).value / lc9.series.C[0])}. The PySB reproduction uses
  I_{L} = ${strongDose} pM/day and then adds OPG (I_{O} = ${opgDose} pM/day) from day ${STOP}, like the
  Physiome variant *i* of the paper's figure, which gives OPG 60 days after RANKL. Figure 2 shows
  that experiment.
`);
nb.compare([ranklAlone, ranklThenOpg], {
  title: 'RANKL is catabolic; OPG reverses it',
  caption: `RANKL at the PySB reproduction's dose (I_{L} = ${strongDose} pM/day from day ${START}), alone or followed by OPG (I_{O} = ${opgDose} pM/day from day ${STOP}); the dotted line is the model at its steady state.`,
  observables: ['active_osteoclasts', 'bone_volume', 'rankl', 'opg'],
  metrics: ['bv_change_end', 'active_osteoclasts_peak', 'active_osteoclasts_end', 'ctx_end', 'p1np_end'],
});
const lossWithRankl = at(ranklAlone, 'BV', STOP) - at(ranklAlone, 'BV', START);
nb.check('RANKL is catabolic (at the stronger dose).',
  maxOf(ranklAlone, 'C', START, STOP).value > 2 * ranklAlone.series.C[0] && lossWithRankl < 0,
  `osteoclasts up to ${formatFold(maxOf(ranklAlone, 'C', START, STOP).value / ranklAlone.series.C[0])}; bone volume ${formatPercent(lossWithRankl, 3)} from day ${START} to ${STOP}`,
  'Lemaire 2004, abstract');
nb.check('OPG reverses the effect of RANKL: osteoclasts fall back and bone loss stops.',
  at(ranklThenOpg, 'C', END) < 0.5 * at(ranklAlone, 'C', END) && at(ranklThenOpg, 'BV', END) >= at(ranklThenOpg, 'BV', STOP),
  `at day ${END}: osteoclasts ${formatFold(at(ranklThenOpg, 'C', END) / ranklThenOpg.series.C[0])} with OPG vs ${formatFold(at(ranklAlone, 'C', END) / ranklAlone.series.C[0])} without; bone volume from day ${STOP} to ${END}: ${formatPercent(at(ranklThenOpg, 'BV', END) - at(ranklThenOpg, 'BV', STOP), 3)} with OPG, ${formatPercent(at(ranklAlone, 'BV', END) - at(ranklAlone, 'BV', STOP), 3)} without`,
  'Lemaire 2004, abstract; Physiome variant i');
const lc9Expected = 1 + lc9Dose / parameter(model, 'r_L');
nb.check(`LC9 at the bone_models dose (I_L = ${lc9Dose} pM/day) changes RANKL only by the factor 1 + I_L/r_L = ${lc9Expected}.`,
  Math.abs(lc9Rankl - lc9Expected) < 0.002,
  `RANKL rises to ${formatFold(lc9Rankl)} during the infusion`, 'research notes \u00a71 (LC9 is weak)');
nb.checks();

nb.section('Bone volume');
const bvLines = [...runs.entries()].map(([id, r], k) => line(r, 'BV', id, { color: PALETTE[k % 7], dash: k >= 7 ? '6,3' : undefined }));
nb.figure(timeSeriesChart([{ title: 'Bone volume', unit: '%', series: bvLines }], {
  document: nb.document, idPrefix: 'fig-bv', timeUnit: 'day', columns: 1, panelWidth: 760, panelHeight: 340,
  title: 'Bone volume in the nine experiments', subtitle: 'bone_models\' balanced readout: dBV/dt = k_form\u00b7B \u2212 k_res\u00b7C',
  markers: [{ time: START, label: 'perturbation starts' }, { time: STOP, label: 'perturbation stops' }],
}), 'Bone volume, which Lemaire 2004 does not model; bonesim integrates the bone_models readout.');
const changes = [...runs.entries()].map(([id, r]) => ({ id, change: at(r, 'BV', END) - 100 }));
const largest = changes.reduce((a, b) => (Math.abs(b.change) > Math.abs(a.change) ? b : a));
nb.prose(`
  Bone volume moves little in 60 days: the largest change at day ${END} is ${formatPercent(largest.change, 3)}
  (${largest.id}). In this readout baseline formation is k_{form}\u00b7B* =
  ${formatValue(parameter(model, 'k_form') * steady('B') * 365.25)} % of the bone volume a year, so a
  two-month perturbation can only move a fraction of a percent; its sign is what the checks above use.
`);

nb.setSummary(`
  Reproduces the nine perturbation experiments of Lemaire et al. (J Theor Biol 2004, Fig. 2) with
  bone_models' magnitudes. ${nb.checked.filter((c) => c.holds).length} of ${nb.checked.length} checked
  statements hold${nb.checked.every((c) => c.holds)
    ? ', including coupling of osteoblasts and osteoclasts, catabolic continuous PTH and RANKL, and OPG reversing RANKL'
    : `; these do not: ${nb.checked.filter((c) => !c.holds).map((c) => c.claim).join(' ')}`}. LC8 (a precursor removal larger than their production) is
  infeasible and LC9's RANKL dose changes RANKL by only ${formatPercent(100 * (lc9Rankl - 1), 1)}.
`);
nb.write();
