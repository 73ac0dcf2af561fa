import { print, printError } from './terminal.ts';
import { EXIT, inputError } from '../errors.ts';
import { formatTime, parseTime } from '../model/timeUnits.ts';
import type { Stability } from '../analysis/stability.ts';
import { steadyStatesOf, type SteadyStateReport } from '../analysis/steadyStates.ts';
import type { CompiledModel } from '../model/compile.ts';
import { loadModelOrScenario } from './loadTarget.ts';
import { reportError } from './report.ts';

export interface SteadyOptions {
  json?: boolean;
  /** A time in the scenario (with a unit, or in the model's unit): the system as it stands then. */
  at?: string;
}

/** `bonesim steady`: steady states and their stability; exit 3 if one cannot be found. */
export function steadyCommand(file: string, options: SteadyOptions): number {
  try {
    const { model, scenario } = loadModelOrScenario(file);
    let at: number | undefined;
    if (options.at !== undefined) {
      if (!scenario) throw inputError('--at needs a scenario: a model alone has no time courses', { field: '--at' }, 'give a scenario file or id, e.g. bonesim steady lemaire-pth-injection --at 50 day');
      // A bare number is in the model's own time unit.
      at = /^[\d.eE+-]+$/.test(options.at.trim()) ? Number(options.at) : parseTime(options.at, model.timeUnit, { field: '--at' });
      if (!(at >= 0 && at <= scenario.duration)) {
        throw inputError(`--at ${options.at} is outside the scenario (0 to ${formatTime(scenario.duration, model.timeUnit)})`, { field: '--at' }, 'choose a time inside the run');
      }
    }
    const result = steadyStatesOf(model, scenario, { at });
    const { compiled, reports, notes } = result;
    if (options.json) {
      print(JSON.stringify({
        model: model.id,
        scenario: scenario?.id,
        timeUnit: model.timeUnit,
        species: compiled.speciesNames,
        readouts: compiled.speciesNames.filter((_, i) => compiled.readouts[i]),
        steadyStates: reports.map((r) => ({
          label: r.label,
          changes: r.changes,
          startedFrom: r.startedFrom,
          ...(r.state ? { method: r.state.method, iterations: r.state.iterations, residual: r.state.residual, y: Array.from(r.state.y), rates: Array.from(r.rates!) } : {}),
          ...(r.stability ? { stability: r.stability } : {}),
          ...(r.failure ? { failure: r.failure } : {}),
        })),
        notes,
        jacobian: { piecewise: compiled.jacobianDetails().piecewise, numeric: compiled.jacobianDetails().numeric },
      }, null, 1) + '\n');
    } else {
      const title = scenario ? `${scenario.id} (${scenario.title}) on ${model.id}` : `${model.id}: ${model.title}`;
      print(`${title}\n`);
      for (const report of reports) print('\n' + describeReport(compiled, report));
      for (const note of notes) print(`\nnote: ${note}\n`);
      const { piecewise, numeric } = compiled.jacobianDetails();
      if (piecewise.length || numeric.length) {
        print('\nJacobian: analytic (mathjs), except:\n');
        for (const line of piecewise) print(`  piecewise  ${line}\n`);
        for (const line of numeric) print(`  numeric    ${line}\n`);
      }
    }
    const failed = reports.find((r) => r.failure);
    if (failed) {
      printError(`error: ${failed.failure}\n`);
      return EXIT.numericalFailure;
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function describeReport(model: CompiledModel, report: SteadyStateReport): string {
  const unit = model.model.timeUnit;
  if (!report.state) return `steady state ${report.label}: NOT FOUND\n`;
  const { state, rates, stability } = report;
  const path = state.method === 'newton' ? `Newton from ${report.startedFrom}` : `integrating forward from ${report.startedFrom}, then Newton`;
  const lines = [`steady state ${report.label}: found by ${path} (${state.iterations} iterations, residual ${state.residual.toExponential(1)})`];
  const width = Math.max(...model.speciesNames.map((s) => s.length));
  model.model.species.forEach((s, i) => {
    const dimensionless = s.unit === '1';
    const value = dimensionless ? number(state.y[i]) : `${number(state.y[i])} ${s.unit}`;
    const readout = model.readouts[i] ? `  readout (held fixed); d${s.name}/dt = ${number(rates![i])} ${dimensionless ? '' : s.unit}/${unit} here` : '';
    lines.push(`  ${s.name.padEnd(width)}  ${value.padEnd(18)} ${s.description}${readout}`);
  });
  if (stability) lines.push(...describeStability(stability, unit));
  return lines.join('\n') + '\n';
}

export function describeStability(stability: Stability, unit: string): string[] {
  const shown = stability.eigenvalues.filter((e) => e.im >= 0).map((e) => (e.im > 0 ? `${number(e.re)} ± ${number(e.im)}i` : number(e.re)));
  const lines = [`  eigenvalues (1/${unit}) of ${stability.species.join(', ')}: ${shown.join(', ')}`];
  let summary = stability.classification;
  const o = stability.oscillation;
  if (o) {
    // On the imaginary axis (within the zero tolerance) the amplitude has no e-folding time to speak of.
    const flat = Math.abs(o.eigenvalue.re) <= stability.zeroTolerance || !Number.isFinite(o.eFoldingTime);
    const amplitude = flat ? 'amplitude constant to first order'
      : `amplitude ${o.eigenvalue.re < 0 ? 'shrinks' : 'grows'} e-fold in ${number(o.eFoldingTime)} ${unit} (x${number(o.amplitudePerCycle)} per cycle)`;
    summary += `: oscillation period ${number(o.period)} ${unit}, ${amplitude}`;
  }
  if (stability.eFoldingTime !== undefined && Number.isFinite(stability.eFoldingTime) && (!o || stability.slowest.im === 0)) {
    summary += `${o ? ';' : ':'} slowest mode e-folds in ${number(stability.eFoldingTime)} ${unit}`;
  }
  lines.push(`  ${summary}`);
  if (stability.note) lines.push(`  (${stability.note})`);
  for (const mode of stability.unstableIn ?? []) {
    lines.push(`  grows along ${mode.species}: eigenvalue ${number(mode.eigenvalue.re)}${mode.eigenvalue.im ? ` ± ${number(mode.eigenvalue.im)}i` : ''} per ${unit}`);
  }
  // Populations at 0 are not part of the dynamics present: what each would do if introduced.
  for (const a of stability.invading) lines.push(`  absent here, but ${a.species} introduced at this state grows at ${number(a.growthRate)} per ${unit}`);
  const dying = stability.absent.filter((a) => !stability.invading.includes(a));
  if (dying.length) lines.push(`  absent here and would not grow if introduced: ${dying.map((a) => `${a.species} (${number(a.growthRate)} per ${unit})`).join(', ')}`);
  return lines;
}

function number(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-3 && magnitude < 1e5 ? String(Number(value.toPrecision(5))) : value.toExponential(4);
}
