// The vicious cycle of osteolytic bone metastasis on the mechanism model (bone-rankl), and what
// recombinant OPG and a bisphosphonate do to it. Run: npx tsx notebooks/metastasis-vicious-cycle.ts
import { PALETTE } from '../src/render/chartTypes.ts';
import { formatFold, formatPercent } from '../src/render/format.ts';
import { timeSeriesChart, type Panel } from '../src/render/timeSeriesChart.ts';
import { simulate, type SimulationResult } from '../src/simulate/simulate.ts';
import { expressionAt, scenarioFile } from './lib/experiment.ts';
import { notebook } from './lib/notebook.ts';
import { at, foldLine, indexAt, line, parameter, timeToReach } from './lib/panels.ts';

const nb = notebook(import.meta.url, {
  title: 'The metastasis vicious cycle, and what OPG and bisphosphonates do to it',
  summary: 'An osteolytic metastasis on the mechanism model: the loop from tumour to PTHrP, RANKL, osteoclasts, TGF-\u03b2 and back, what cutting it does, and how recombinant OPG and zoledronic acid break it.',
});
const YEARS = 3;
const YEAR = 365.25;
const DAYS = YEARS * YEAR;

/** A shipped scenario for three years with daily output; `cut` changes parameters at t = 0 (an arrow removed). */
function shipped(id: string, cut: Record<string, number> = {}, suffix = ''): SimulationResult {
  const { scenario, model } = scenarioFile(`scenarios/${id}.yaml`);
  return simulate({
    ...scenario,
    id: `${id}${suffix ? `-${suffix}` : ''}`,
    title: `${scenario.title}${suffix ? ` (${suffix})` : ''}`,
    duration: DAYS,
    outputEvery: 1,
    parameters: { ...scenario.parameters, ...cut },
    scheduled: scenario.scheduled.filter((e) => e.time <= DAYS),
    expectations: [],
  }, model);
}

const healthy = shipped('healthy-baseline');
const untreated = shipped('metastasis-osteolytic');
const withOpg = shipped('metastasis-opg');
const withBp = shipped('metastasis-bisphosphonate');
const model = healthy.model;
const p = (name: string) => parameter(model, name);
const last = <T,>(values: ArrayLike<T>): T => values[values.length - 1];
const fold = (r: SimulationResult, column: string, t: number) => at(r, column, t) / healthy.series[column][0];
const bone = (r: SimulationResult, t = DAYS) => at(r, 'BV', t) - 100;
const growth = (r: SimulationResult, t: number) => expressionAt(r, 'tumour_growth', indexAt(r, t));
const halfNiche = (r: SimulationResult) => timeToReach(r, 'T', 0.5);
const days = (t: number | undefined) => (t === undefined ? `not within ${YEARS} years` : `day ${Math.round(t)}`);
const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${last(items)}`);
const pM = (v: number) => `${Number(v.toPrecision(3))} pM`;
const seed = untreated.series.T[0];
const pthHealthy = healthy.series.PTH[0];

nb.section('The cycle in the model');
nb.prose(`
  Breast and prostate cancer cells that reach bone do not destroy it themselves: they make
  osteoclasts do it. The tumour secretes PTHrP, which acts on the osteoblasts' PTH receptor like
  PTH, raising RANKL and lowering OPG; the extra osteoclasts resorb bone and release the TGF-\u03b2
  stored in its matrix, and TGF-\u03b2 makes the tumour grow faster and secrete more PTHrP (Guise 1996;
  Yin 1999; Mundy 2002). Each turn of the loop feeds the next.

  In bonesim's mechanism model (\`models/bone-rankl.yaml\`, module 9) the tumour is a burden T, the
  fraction of its niche it fills, seeded at ${formatPercent(100 * seed, 0).replace('+', '')}. It grows logistically at
  ${p('r_T')}/day (doubling in ${Math.round(Math.log(2) / p('r_T'))} days while small) times 1 + ${p('g_TGFb_T')}\u00b7(TGF-\u03b2/healthy \u2212 1).
  A full burden at healthy TGF-\u03b2 secretes PTHrP to ${pM(p('k_T_PTHrP') / p('D_PTH'))} (healthy PTH is ${pM(pthHealthy)}), scaled by
  1 + ${p('g_TGFb_PTHrP')}\u00b7(TGF-\u03b2/healthy \u2212 1); it adds ${p('k_T_RANKL')} pM/day of RANKL production (the osteoblasts' own is
  ${Number(p('beta_RANKL').toPrecision(3))} pM/day) and ${p('k_T_OB')}/day to the death rate of active osteoblasts (${p('A_OBa')}/day when healthy). These
  shares are calibrated or assumed, as each parameter says; the loop's structure is the point here.

  Four shipped scenarios, run for ${YEARS} years: no tumour (\`healthy-baseline\`), the untreated metastasis
  (\`metastasis-osteolytic\`), and the same seed with recombinant OPG (\`metastasis-opg\`,
  ${Number(withOpg.scenario.parameters.P_OPG_d.toPrecision(3))} pM/day from the day of seeding) or with zoledronic acid
  (\`metastasis-bisphosphonate\`, 4 mg every 4 weeks).
`);
nb.compare([healthy, untreated, withOpg, withBp], {
  title: `Osteolytic metastasis, untreated and treated, over ${YEARS} years`,
  caption: 'Bone volume, tumour burden and the links of the vicious cycle: the tumour\'s PTHrP, free RANKL, active osteoclasts and the TGF-\u03b2 released from resorbed bone. Ticks on the time axis: zoledronic acid doses.',
  observables: ['bone_volume', 'tumour', 'PTHrP_level', 'rankl', 'active_osteoclasts', 'tgf_beta'],
  metrics: ['bv_change_1y', 'bv_change_end', 'tumour_end', 'active_osteoclasts_peak', 'active_osteoclasts_end', 'active_osteoblasts_end', 'ctx_end', 'p1np_end'],
  columns: 3,
});

nb.section('Numbers along the loop');
const milestones = [0, 0.5, 1, 1.5, 2, 3].map((y) => y * YEAR);
const perTumour = (r: SimulationResult, t: number) => at(r, 'PTHrP_level', t) / at(r, 'T', t);
const LINKS: { label: string; value: (r: SimulationResult, t: number) => number; show: (v: number) => string }[] = [
  { label: 'tumour burden (fraction of its niche)', value: (r, t) => at(r, 'T', t), show: (v) => v.toPrecision(3) },
  { label: 'PTHrP', value: (r, t) => at(r, 'PTHrP_level', t), show: pM },
  { label: 'PTHrP per unit of tumour (\u00d7 at seeding)', value: (r, t) => perTumour(r, t) / perTumour(r, 0), show: formatFold },
  { label: 'PTH receptor agonists, PTH + PTHrP (\u00d7 healthy)', value: (r, t) => fold(r, 'PTH1R_agonists', t), show: formatFold },
  { label: 'free RANKL (\u00d7 healthy)', value: (r, t) => fold(r, 'RANKL', t), show: formatFold },
  { label: 'active osteoclasts (\u00d7 healthy)', value: (r, t) => fold(r, 'OCa', t), show: formatFold },
  { label: 'TGF-\u03b2 (\u00d7 healthy)', value: (r, t) => fold(r, 'TGFb_level', t), show: formatFold },
  { label: 'tumour growth rate (\u00d7 r_T)', value: (r, t) => growth(r, t) / p('r_T'), show: formatFold },
  { label: 'bone volume change', value: (r, t) => bone(r, t), show: (v) => formatPercent(v) },
];
const yearLabel = (t: number) => (t === 0 ? 'seeding' : `${Number((t / YEAR).toFixed(1))} y`);
nb.table(['untreated metastasis', ...milestones.map(yearLabel)],
  LINKS.map((link) => [link.label, ...milestones.map((t) => link.show(link.value(untreated, t)))]),
  { caption: 'The loop in the untreated run, link by link.', align: ['left', ...milestones.map(() => 'right' as const)] });

const loop = LINKS.slice(3, 8);
const [t1, t2] = [YEAR, 2 * YEAR];
const rising = loop.every((link) => link.value(untreated, t1) > link.value(untreated, 0) && link.value(untreated, t2) > link.value(untreated, t1));
const yearLoss = (r: SimulationResult, k: number) => bone(r, (k - 1) * YEAR) - bone(r, k * YEAR);
const tgf3 = fold(untreated, 'TGFb_level', DAYS);
const pthrpBoost = perTumour(untreated, DAYS) / perTumour(untreated, 0);
nb.prose(`
  Seeded at ${formatPercent(100 * seed, 0).replace('+', '')} of its niche, the tumour fills half of it by ${days(halfNiche(untreated))}. Its PTHrP
  reaches ${pM(at(untreated, 'PTHrP_level', t1))} at one year and ${pM(at(untreated, 'PTHrP_level', DAYS))} at ${YEARS}, against ${pM(pthHealthy)} of PTH, so
  the PTH receptor sees ${formatFold(fold(untreated, 'PTH1R_agonists', DAYS))} its healthy agonist. Free RANKL rises
  ${formatFold(fold(untreated, 'RANKL', DAYS))} (PTHrP raises RANKL and lowers OPG, ${formatFold(fold(untreated, 'OPG', DAYS))} of healthy, and the tumour
  adds its own RANKL), the osteoclasts ${formatFold(fold(untreated, 'OCa', DAYS))}, and with them the TGF-\u03b2 released
  from the matrix, ${formatFold(tgf3)}. TGF-\u03b2 closes the loop twice: the tumour grows ${formatFold(growth(untreated, DAYS) / p('r_T'))}
  faster than at healthy TGF-\u03b2, and each unit of tumour makes ${formatFold(pthrpBoost)} the PTHrP it made at seeding.
  The osteoblasts rise too (${formatFold(fold(untreated, 'OBa', DAYS))}: TGF-\u03b2 recruits them), but not as far as the osteoclasts, and
  the tumour kills some. Bone is lost ${formatPercent(yearLoss(untreated, 1)).replace('+', '')} in the first year, ${formatPercent(yearLoss(untreated, 2)).replace('+', '')} in the
  second and ${formatPercent(yearLoss(untreated, 3)).replace('+', '')} in the third, once the tumour has filled its niche.
`);
nb.check('The tumour grows in bone.', at(untreated, 'T', t1) > 10 * seed,
  `burden ${seed} at seeding, ${at(untreated, 'T', t1).toPrecision(3)} at 1 year, ${at(untreated, 'T', DAYS).toPrecision(3)} at ${YEARS} years; half the niche by ${days(halfNiche(untreated))}`,
  'Guise 1996; Yin 1999');
nb.check('Every link of the loop rises with the tumour, from seeding to year 1 and again to year 2: PTH receptor agonists, free RANKL, osteoclasts, TGF-\u03b2 and the tumour\'s growth rate.',
  rising, loop.map((link) => `${link.label.replace(/ \(.*\)$/, '')}: ${[0, t1, t2].map((t) => link.show(link.value(untreated, t))).join(' \u2192 ')}`).join('; '), 'Mundy 2002');
nb.check('PTHrP rises with the TGF-\u03b2 released from resorbed bone, not only with the tumour: PTHrP per unit of tumour rises as TGF-\u03b2 does.',
  pthrpBoost > 1.5 && Math.abs(pthrpBoost / (1 + p('g_TGFb_PTHrP') * (tgf3 - 1)) - 1) < 1e-3,
  `at ${YEARS} years TGF-\u03b2 ${formatFold(tgf3)}, PTHrP per unit of tumour ${formatFold(pthrpBoost)}`, 'Yin 1999');
nb.check('Bone loss accelerates as the tumour grows: more bone is lost in the second year than in the first.',
  yearLoss(untreated, 2) > yearLoss(untreated, 1),
  `bone lost in years 1, 2, 3: ${[1, 2, 3].map((k) => formatPercent(yearLoss(untreated, k)).replace('+', '')).join(', ')}`);
nb.checks();

nb.section('Cutting the loop');
const GROWTH_CUT = { g_TGFb_T: 0 };
const BOTH_CUT = { g_TGFb_T: 0, g_TGFb_PTHrP: 0 };
const cut = shipped('metastasis-osteolytic', GROWTH_CUT, 'TGF-\u03b2 no longer speeds growth');
const cutBoth = shipped('metastasis-osteolytic', BOTH_CUT, 'both TGF-\u03b2 arrows cut');
const cutOpg = shipped('metastasis-opg', GROWTH_CUT, 'TGF-\u03b2 no longer speeds growth');
const cutBp = shipped('metastasis-bisphosphonate', GROWTH_CUT, 'TGF-\u03b2 no longer speeds growth');
nb.prose(`
  If the loop is a cycle, cutting one arrow should slow every turn of it. The arrow from TGF-\u03b2 to
  tumour growth is one parameter, \`g_TGFb_T\` (${p('g_TGFb_T')}); setting it to 0 leaves the tumour growing
  at r_{T} whatever the bone does. Setting \`g_TGFb_PTHrP\` (${p('g_TGFb_PTHrP')}) to 0 as well also cuts the
  arrow from TGF-\u03b2 to PTHrP secretion. The same cut is applied to the treated runs.
`);
const THERAPY_STYLE = [
  // The colours of figure 1 (nb.compare gives the runs after the healthy one the palette in order).
  { label: 'untreated', color: PALETTE[0], intact: untreated, cut },
  { label: 'recombinant OPG', color: PALETTE[1], intact: withOpg, cut: cutOpg },
  { label: 'zoledronic acid', color: PALETTE[2], intact: withBp, cut: cutBp },
];
// Compared at the same times (a therapy's doses add rows just before and after them).
const sameTumour = (a: SimulationResult, b: SimulationResult) => Math.max(...Array.from(a.times, (t, i) => Math.abs(a.series.T[i] / at(b, 'T', t) - 1)));
const cutSpread = Math.max(sameTumour(cutOpg, cut), sameTumour(cutBp, cut));
const cutPanels: Panel[] = [
  { title: 'Tumour burden', unit: 'fraction of its niche', column: 'T' },
  { title: 'Bone volume', unit: '%', column: 'BV' },
].map(({ title, unit, column }) => ({
  title,
  unit,
  series: THERAPY_STYLE.flatMap((s) => [
    line(s.intact, column, `${s.label}, loop intact`, { color: s.color, width: 2.2 }),
    line(s.cut, column, `${s.label}, TGF-\u03b2 \u2192 growth cut`, { color: s.color, dash: '6,4', width: 1.8 }),
  ]),
}));
nb.figure(timeSeriesChart(cutPanels, {
  document: nb.document, idPrefix: 'fig-cut', timeUnit: 'day', columns: 2, panelWidth: 440, panelHeight: 280,
  title: 'Cutting the TGF-\u03b2 \u2192 tumour-growth arrow', subtitle: `g_TGFb_T = 0 from the day of seeding; solid: loop intact, dashed: cut`,
  legendItems: [
    ...THERAPY_STYLE.map((s) => ({ label: s.label, color: s.color })),
    { label: 'loop intact', color: '#000000' },
    { label: 'TGF-\u03b2 \u2192 growth cut', color: '#000000', dash: '6,4' },
  ],
}), `Tumour burden and bone volume with the loop intact (solid) and with TGF-\u03b2 no longer speeding tumour growth (dashed), untreated and with each therapy.${cutSpread < 1e-4 ? ' With the arrow cut the three tumour curves coincide, so one dashed curve shows.' : ''}`);
const variants = [
  { label: 'loop intact', run: untreated },
  { label: 'TGF-\u03b2 \u2192 growth cut', run: cut },
  { label: 'both TGF-\u03b2 arrows cut', run: cutBoth },
];
nb.table(['untreated metastasis', ...variants.map((v) => v.label)], [
  ['tumour burden at 1 year', ...variants.map((v) => at(v.run, 'T', t1).toPrecision(3))],
  ['half the niche filled', ...variants.map((v) => days(halfNiche(v.run)))],
  [`PTHrP at ${YEARS} years`, ...variants.map((v) => pM(at(v.run, 'PTHrP_level', DAYS)))],
  ['active osteoclasts at 1 year (\u00d7 healthy)', ...variants.map((v) => formatFold(fold(v.run, 'OCa', t1)))],
  ['bone volume change at 1 year', ...variants.map((v) => formatPercent(bone(v.run, t1)))],
  [`bone volume change at ${YEARS} years`, ...variants.map((v) => formatPercent(bone(v.run)))],
], { caption: 'The untreated metastasis with the loop\'s TGF-\u03b2 arrows cut.', align: ['left', 'right', 'right', 'right'] });

nb.prose(`
  Without the growth arrow the untreated tumour fills half its niche on ${days(halfNiche(cut))} instead of
  ${days(halfNiche(untreated)).replace('day ', '')}; its PTHrP still rises with TGF-\u03b2 until the second arrow is cut too
  (${pM(at(cutBoth, 'PTHrP_level', DAYS))} instead of ${pM(at(cut, 'PTHrP_level', DAYS))} at ${YEARS} years). Bone loss falls with each cut, but
  not to zero: the tumour still grows and still secretes PTHrP and RANKL, only no longer faster for it.
  And with the growth arrow cut, recombinant OPG and zoledronic acid no longer slow the tumour at all.
  The arrow works both ways: under a therapy TGF-\u03b2 falls below healthy and the intact loop slows the
  tumour below r_{T}; with the arrow cut it grows at r_{T} regardless:
  ${THERAPY_STYLE.slice(1).map((s) => `with ${s.label} bone volume changes by ${formatPercent(bone(s.intact))} in ${YEARS} years with the loop intact and ${formatPercent(bone(s.cut))} with it cut`).join('; ')}.
`);
nb.check('The loop speeds the tumour: with TGF-\u03b2 no longer speeding its growth, it fills half its niche later.',
  (halfNiche(cut) ?? Infinity) > (halfNiche(untreated) ?? Infinity),
  `half the niche by ${days(halfNiche(untreated))} with the loop, ${days(halfNiche(cut))} without; burden at 1 year ${at(untreated, 'T', t1).toPrecision(3)} vs ${at(cut, 'T', t1).toPrecision(3)}`);
nb.check('Cutting the loop lessens bone loss, and cutting both TGF-\u03b2 arrows lessens it more.',
  bone(cut) > bone(untreated) && bone(cutBoth) > bone(cut),
  `bone volume change at ${YEARS} years: ${variants.map((v) => `${formatPercent(bone(v.run))} (${v.label})`).join(', ')}`);
nb.check('With the TGF-\u03b2 \u2192 growth arrow cut, the antiresorptives no longer slow the tumour: it grows the same with or without them. They slow it only through the loop.',
  cutSpread < 1e-4 && at(withOpg, 'T', t1) < 0.9 * at(untreated, 'T', t1) && at(withBp, 'T', t1) < 0.9 * at(untreated, 'T', t1),
  `loop intact, burden at 1 year: ${THERAPY_STYLE.map((s) => `${s.label} ${at(s.intact, 'T', t1).toPrecision(3)}`).join(', ')}; cut: ${THERAPY_STYLE.map((s) => `${s.label} ${at(s.cut, 'T', t1).toPrecision(3)}`).join(', ')} (largest relative difference ${cutSpread.toExponential(1)})`);
nb.check('The arrow works both ways: with it cut, each therapy protects bone less, because the tumour no longer slows when TGF-\u03b2 falls.',
  THERAPY_STYLE.slice(1).every((s) => bone(s.cut) < bone(s.intact)),
  THERAPY_STYLE.slice(1).map((s) => `${s.label}: ${formatPercent(bone(s.intact))} intact, ${formatPercent(bone(s.cut))} cut`).join('; '));
nb.checks();

nb.section('What the therapies do');
const therapies = THERAPY_STYLE.slice(1).map((s) => ({ label: s.label, run: s.intact }));
const prevented = (r: SimulationResult) => 100 * (bone(r) - bone(untreated)) / -bone(untreated);
const delay = (r: SimulationResult) => {
  const [a, b] = [halfNiche(r), halfNiche(untreated)];
  return a === undefined || b === undefined ? undefined : a - b;
};
const all3 = [{ label: 'untreated', run: untreated }, ...therapies];
nb.table(['', ...all3.map((x) => x.label)], [
  ...[1, 2, 3].map((k) => [`bone volume change at ${k} year${k > 1 ? 's' : ''}`, ...all3.map((x) => formatPercent(bone(x.run, k * YEAR)))]),
  [`share of the untreated bone loss prevented at ${YEARS} years`, '\u2013', ...therapies.map((x) => formatPercent(prevented(x.run), 0).replace('+', ''))],
  ...[1, 2].map((k) => [`tumour burden at ${k} year${k > 1 ? 's' : ''}`, ...all3.map((x) => at(x.run, 'T', k * YEAR).toPrecision(3))]),
  [`tumour burden at ${YEARS} years`, ...all3.map((x) => at(x.run, 'T', DAYS).toPrecision(3))],
  ['half the niche filled', ...all3.map((x) => days(halfNiche(x.run)))],
  ['active osteoclasts at 1 year (\u00d7 healthy)', ...all3.map((x) => formatFold(fold(x.run, 'OCa', t1)))],
  [`active osteoclasts at ${YEARS} years (\u00d7 healthy)`, ...all3.map((x) => formatFold(fold(x.run, 'OCa', DAYS)))],
  [`bone formation (P1NP proxy) at ${YEARS} years (\u00d7 healthy)`, ...all3.map((x) => formatFold(fold(x.run, 'formation', DAYS)))],
], { caption: 'Each therapy against the untreated metastasis, from the day of seeding.', align: ['left', 'right', 'right', 'right'] });

// Where each therapy breaks the loop: the first link, in the loop's order, held below its healthy level.
const linkNames = ['PTH receptor agonists', 'free RANKL', 'active osteoclasts', 'TGF-\u03b2'];
const linkValues = (r: SimulationResult, t: number) => loop.slice(0, 4).map((link) => link.value(r, t));
const breaksAt = (r: SimulationResult, t: number) => linkNames[linkValues(r, t).findIndex((v) => v < 1)];
nb.table(['at 1 year (\u00d7 healthy)', ...all3.map((x) => x.label)],
  [...linkNames.map((name, k) => [name, ...all3.map((x) => formatFold(linkValues(x.run, t1)[k]))]),
    ['tumour growth rate (\u00d7 r_T)', ...all3.map((x) => formatFold(growth(x.run, t1) / p('r_T')))],
    ['first link held below healthy', ...all3.map((x) => breaksAt(x.run, t1) ?? 'none')]],
  { caption: 'The loop at one year: where each therapy breaks it.', align: ['left', 'right', 'right', 'right'] });
const [opgRun, bpRun] = [withOpg, withBp];
nb.prose(`
  **Recombinant OPG** binds RANKL. The tumour's PTHrP still reaches the osteoblasts
  (${formatFold(fold(opgRun, 'PTH1R_agonists', t1))} of the healthy agonist at one year), but free RANKL is held at
  ${formatFold(fold(opgRun, 'RANKL', t1))} of healthy, the osteoclasts at ${formatFold(fold(opgRun, 'OCa', t1))}, and the tumour,
  short of TGF-\u03b2, grows at ${formatFold(growth(opgRun, t1) / p('r_T'))} r_{T}. It fills half its niche ${Math.round(delay(opgRun) ?? NaN)} days later than
  untreated. As the tumour grows, its PTHrP and RANKL win back ground from the fixed dose: by ${YEARS} years the osteoclasts are back to
  ${formatFold(fold(opgRun, 'OCa', DAYS))} of healthy while formation is at ${formatFold(fold(opgRun, 'formation', DAYS))}, and bone is being lost at
  ${formatPercent(yearLoss(opgRun, 3)).replace('+', '')} a year. Over ${YEARS} years OPG prevents ${formatPercent(prevented(opgRun), 0).replace('+', '')} of the untreated loss.

  **Zoledronic acid** does not act on RANKL (free RANKL ${formatFold(fold(bpRun, 'RANKL', t1))} of healthy at one year); it kills the osteoclasts
  that resorb the drug-laden bone: ${formatFold(fold(bpRun, 'OCa', t1))} of healthy. With resorption almost gone so is the TGF-\u03b2,
  and with it both turns of the loop: the tumour grows at ${formatFold(growth(bpRun, t1) / p('r_T'))} r_{T} and, since PTHrP per
  tumour cell follows TGF-\u03b2 in this model, makes ${pM(at(bpRun, 'PTHrP_level', DAYS))} of PTHrP at ${YEARS} years while filling
  ${formatPercent(100 * at(bpRun, 'T', DAYS), 0).replace('+', '')} of its niche. Bone volume ends ${formatPercent(bone(bpRun))}: no net loss. The price is a skeleton
  that hardly remodels: bone formation, which needs the TGF-\u03b2 of resorption to recruit osteoblasts,
  falls to ${formatFold(fold(bpRun, 'formation', DAYS))} of healthy.
`);
for (const x of therapies) {
  const years = [1, 2, 3];
  nb.check(`${x.label === 'recombinant OPG' ? 'Recombinant OPG' : 'Zoledronic acid'} reduces bone loss at every year and slows the tumour.`,
    years.every((k) => bone(x.run, k * YEAR) > bone(untreated, k * YEAR)) && [1, 2].every((k) => at(x.run, 'T', k * YEAR) < at(untreated, 'T', k * YEAR)),
    `bone volume change at 1, 2, 3 years: ${years.map((k) => formatPercent(bone(x.run, k * YEAR))).join(', ')} vs untreated ${years.map((k) => formatPercent(bone(untreated, k * YEAR))).join(', ')} (${formatPercent(prevented(x.run), 0).replace('+', '')} of the loss prevented); tumour at 1 and 2 years ${[1, 2].map((k) => at(x.run, 'T', k * YEAR).toPrecision(3)).join(', ')} vs ${[1, 2].map((k) => at(untreated, 'T', k * YEAR).toPrecision(3)).join(', ')}, half the niche ${delay(x.run) === undefined ? `not reached in ${YEARS} years` : `${Math.round(delay(x.run)!)} days later`}`,
    x.label === 'recombinant OPG' ? 'Morony 2001; Zhang 2001' : 'Yoneda 2000; Rosen 2003');
}
nb.check('The two therapies break the loop at different links: OPG at RANKL, the bisphosphonate at the osteoclasts.',
  breaksAt(opgRun, t1) === 'free RANKL' && breaksAt(bpRun, t1) === 'active osteoclasts',
  `first link held below healthy at 1 year: OPG ${breaksAt(opgRun, t1)}, zoledronic acid ${breaksAt(bpRun, t1)}`);
nb.check('Neither therapy stops the tumour: both only slow it, and it still fills most of its niche within three years.',
  therapies.every((x) => at(x.run, 'T', DAYS) > 0.5 && growth(x.run, t1) >= 0.5 * p('r_T')),
  therapies.map((x) => `${x.label}: burden ${at(x.run, 'T', DAYS).toPrecision(3)} at ${YEARS} years, growth rate ${formatFold(growth(x.run, t1) / p('r_T'))} r_T at 1 year`).join('; '));
nb.checks();

nb.section('Multiple myeloma: the same loop through other signals');
const myeloma = shipped('multiple-myeloma');
nb.prose(`
  A myeloma clone makes no PTHrP (its PTHrP at ${YEARS} years: ${pM(at(myeloma, 'PTHrP_level', DAYS))}). In the model
  (\`multiple-myeloma\`, \`myeloma\` = 1) it raises IL-6, which induces RANKL and feeds the clone's own growth, and
  MIP-1\u03b1, which recruits osteoclasts and stops precursors becoming osteoblasts; TGF-\u03b2 from resorbed
  bone still speeds its growth. By ${YEARS} years it grows ${formatFold(growth(myeloma, DAYS) / p('r_T'))} r_{T} (the carcinoma:
  ${formatFold(growth(untreated, DAYS) / p('r_T'))}).
`);
const MY_STYLE = [
  { run: healthy, label: 'healthy', color: '#000000', dash: '6,4' },
  { run: untreated, label: 'osteolytic carcinoma', color: PALETTE[0] },
  { run: myeloma, label: 'multiple myeloma', color: PALETTE[3] },
];
nb.figure(timeSeriesChart([
  { title: 'Bone volume', unit: '%', series: MY_STYLE.map((s) => line(s.run, 'BV', s.label, s)) },
  { title: 'Active osteoclasts', unit: '\u00d7 healthy', series: MY_STYLE.map((s) => foldLine(s.run, 'OCa', s.label, s)) },
  { title: 'Active osteoblasts', unit: '\u00d7 healthy', series: MY_STYLE.map((s) => foldLine(s.run, 'OBa', s.label, s)) },
], {
  document: nb.document, idPrefix: 'fig-myeloma', timeUnit: 'day', columns: 3, panelWidth: 300, panelHeight: 240,
  title: 'Osteolytic carcinoma and multiple myeloma', subtitle: 'untreated, seeded at 1 % of the niche',
  legendItems: MY_STYLE.map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
}), 'Bone volume and bone cells (relative to their start) under a carcinoma and a myeloma, untreated.');
const balance = (r: SimulationResult) => last(r.series.formation) / last(r.series.resorption);
nb.check('Myeloma uncouples formation from resorption: its osteoblasts fall below healthy while under the carcinoma they rise.',
  fold(myeloma, 'OBa', DAYS) < 1 && fold(untreated, 'OBa', DAYS) > 1,
  `active osteoblasts at ${YEARS} years: myeloma ${formatFold(fold(myeloma, 'OBa', DAYS))}, carcinoma ${formatFold(fold(untreated, 'OBa', DAYS))}; formation / resorption ${balance(myeloma).toPrecision(3)} vs ${balance(untreated).toPrecision(3)}`,
  'Ayati 2010; Silvestris 2003');
nb.check('With osteoclasts raised about as much, myeloma loses more bone than the carcinoma.',
  bone(myeloma) < bone(untreated) && Math.abs(fold(myeloma, 'OCa', DAYS) / fold(untreated, 'OCa', DAYS) - 1) < 0.25,
  `bone volume change at ${YEARS} years: myeloma ${formatPercent(bone(myeloma))}, carcinoma ${formatPercent(bone(untreated))}; osteoclasts ${formatFold(fold(myeloma, 'OCa', DAYS))} vs ${formatFold(fold(untreated, 'OCa', DAYS))}`);
nb.checks();

nb.setSummary(`
  An osteolytic metastasis on bonesim's mechanism model: seeded at 1 % of its niche, the tumour fills half of it by
  ${days(halfNiche(untreated))} as PTHrP (${pM(at(untreated, 'PTHrP_level', DAYS))} at ${YEARS} years) raises RANKL ${formatFold(fold(untreated, 'RANKL', DAYS))}, osteoclasts
  ${formatFold(fold(untreated, 'OCa', DAYS))} and the TGF-\u03b2 that feeds it back; bone volume changes by ${formatPercent(bone(untreated))} in ${YEARS} years, faster each year
  until the niche is full. Cutting the TGF-\u03b2 \u2192 growth arrow delays the tumour to ${days(halfNiche(cut))} and takes away the therapies' effect on it.
  Recombinant OPG prevents ${formatPercent(prevented(withOpg), 0).replace('+', '')} of the bone loss and zoledronic acid all of it (${formatPercent(bone(withBp))}), delaying the
  tumour by ${Math.round(delay(withOpg) ?? NaN)} and ${delay(withBp) === undefined ? `more than ${Math.round(DAYS - (halfNiche(untreated) ?? 0))}` : Math.round(delay(withBp)!)} days; neither stops it.
  ${nb.checked.filter((c) => c.holds).length} of ${nb.checked.length} checked statements hold.
`);
nb.write();
