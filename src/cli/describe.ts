import type { Model } from '../model/model.ts';
import type { Scenario } from '../simulate/scenario.ts';
import { formatTime } from '../model/timeUnits.ts';
import { EXIT, inputError } from '../errors.ts';
import { readYamlFile } from '../node/readYamlFile.ts';
import { resolveTarget } from '../node/targets.ts';
import type { Trial } from '../trial/trial.ts';
import { fileKind } from './loadTarget.ts';
import { loadModel } from '../node/modelFiles.ts';
import { loadScenario } from '../node/scenarioFiles.ts';
import { loadTrial } from './trialFiles.ts';
import { reportError } from './report.ts';
import { print } from './terminal.ts';

export interface DescribeOptions {
  format?: string;
}

/** `bonesim describe`: what a model, scenario or trial holds, for a person (text) or a program (--format json). */
export function describeCommand(argument: string, options: DescribeOptions): number {
  try {
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') {
      throw inputError(`unknown format "${format}"`, { field: '--format' }, 'choose text or json');
    }
    const file = resolveTarget(argument, ['scenario', 'model', 'trial']);
    const kind = fileKind(readYamlFile(file).data);
    let data: DescribeData;
    if (kind === 'trial') {
      const { trial, model } = loadTrial(file);
      data = { trial: trialData(trial, model), model: modelData(model) };
    } else if (kind === 'model') {
      data = { model: modelData(loadModel(file)) };
    } else {
      const { scenario, model } = loadScenario(file);
      data = { scenario: scenarioData(scenario, model), model: modelData(model) };
    }
    print(format === 'json' ? JSON.stringify(data, null, 1) + '\n' : describeText(data));
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** Switches of the mechanism modules: parameters named on_* (1 = on, 0 = off). */
function isSwitch(name: string): boolean {
  return name.startsWith('on_');
}

export function modelData(model: Model) {
  const [low, high] = model.invariants?.parameter_range ?? [0.5, 2];
  return {
    id: model.id,
    title: model.title,
    citation: model.citation,
    description: model.description,
    file: model.file,
    timeUnit: model.timeUnit,
    /** Factors around the nominal value that bound parameters without a declared range. */
    parameterRange: [low, high],
    species: model.species.map((s) => ({ name: s.name, initial: s.initial, unit: s.unit, description: s.description })),
    parameters: model.parameters.filter((p) => !isSwitch(p.name)).map((p) => ({
      name: p.name, value: p.value, unit: p.unit, description: p.description, source: p.source,
      // A declared range, or the model's default factor range around the nominal value (what property tests draw from).
      range: p.range ?? (p.value > 0 ? [p.value * low, p.value * high] : undefined),
      rangeDeclared: p.range !== undefined,
    })),
    modules: model.parameters.filter((p) => isSwitch(p.name)).map((p) => ({ switch: p.name, on: p.value !== 0, description: p.description })),
    inputs: model.inputs.map((i) => ({ name: i.name, default: i.default, unit: i.unit, description: i.description })),
    roles: model.roles,
    observables: model.observables.map((o) => ({ name: o.name, unit: o.unit, description: o.description })),
  };
}

function scenarioData(scenario: Scenario, model: Model) {
  const unit = model.timeUnit;
  return {
    id: scenario.id,
    title: scenario.title,
    description: scenario.description,
    source: scenario.source,
    file: scenario.file,
    model: model.id,
    duration: formatTime(scenario.duration, unit),
    outputEvery: formatTime(scenario.outputEvery, unit),
    start: scenario.start,
    parameters: scenario.parameters,
    initial: scenario.initial,
    inputs: scenario.inputs,
    events: [
      ...summariseScheduled(scenario, unit),
      ...scenario.stateEvents.map((e) => ({ when: e.condition, does: e.record, stop: e.stop })),
    ],
    expect: scenario.expectations.map((e) => ({ that: e.text, why: e.why })),
    solver: scenario.solver,
  };
}

/** A trial's arms with each regimen item once (its dose, how often, from when to when), its visits, endpoints and data. */
function trialData(trial: Trial, model: Model) {
  const unit = model.timeUnit;
  return {
    id: trial.id,
    title: trial.title,
    description: trial.description,
    source: trial.source,
    file: trial.file,
    model: model.id,
    population: trial.population === 'typical' ? ('typical' as const) : { file: trial.population.file, members: trial.population.members },
    duration: formatTime(trial.duration, unit),
    monthDays: trial.monthDays,
    parameters: trial.parameters,
    parametersFile: trial.parametersFile,
    arms: trial.arms.map((arm) => {
      const items = new Map<number, { drug: string; dose: string; first: number; last: number; count: number }>();
      for (const d of arm.regimen) {
        const item = items.get(d.item);
        if (item) {
          item.last = d.time;
          item.count++;
        } else items.set(d.item, { drug: d.drug, dose: d.dose, first: d.time, last: d.time, count: 1 });
      }
      return {
        id: arm.id,
        title: arm.title,
        set: arm.set,
        regimen: [...items.values()].map((r) => (r.count === 1
          ? { drug: r.drug, dose: r.dose, at: formatTime(r.first, unit) }
          : { drug: r.drug, dose: r.dose, doses: r.count, from: formatTime(r.first, unit), until: formatTime(r.last, unit) })),
        dataPoints: trial.data.filter((p) => p.arm === arm.id).length,
      };
    }),
    visits: trial.visits.map((v) => formatTime(v, unit)),
    endpoints: trial.endpoints.map((e) => ({ name: e.name, title: e.title, relative: e.relative, unit: e.relative ? '% of baseline' : e.unit })),
    dataPoints: trial.data.length,
  };
}

/** Repeating events are expanded in a scenario: show each file entry once, with its count and span. */
function summariseScheduled(scenario: Scenario, unit: Model['timeUnit']) {
  const bySource = new Map<number, { first: number; last: number; count: number; does: string }>();
  for (const e of scenario.scheduled) {
    const entry = bySource.get(e.source);
    if (entry) {
      entry.last = e.time;
      entry.count++;
    } else bySource.set(e.source, { first: e.time, last: e.time, count: 1, does: e.description });
  }
  return [...bySource.values()].map((e) => (e.count === 1
    ? { at: formatTime(e.first, unit), does: e.does }
    : { from: formatTime(e.first, unit), until: formatTime(e.last, unit), times: e.count, does: e.does }));
}

interface DescribeData {
  scenario?: ReturnType<typeof scenarioData>;
  trial?: ReturnType<typeof trialData>;
  model: ReturnType<typeof modelData>;
}

function describeText(data: DescribeData): string {
  const lines: string[] = [];
  const table = (rows: string[][]) => {
    const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
    for (const r of rows) lines.push('  ' + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
  };
  const number = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e6 ? String(x) : x.toPrecision(4));
  const trial = data.trial;
  if (trial) {
    lines.push(`trial ${trial.id}: ${trial.title}`, `  ${trial.description.trim()}`);
    if (trial.source) lines.push(`  source: ${trial.source}`);
    const population = trial.population === 'typical' ? 'a typical patient' : `a population of ${trial.population.members} (${trial.population.file})`;
    lines.push(`  model ${trial.model}, ${trial.duration}, ${population}; a month is ${trial.monthDays} days`);
    const changes = Object.entries(trial.parameters).map(([k, v]) => `${k} = ${number(v)}`);
    if (changes.length) lines.push(`  parameters${trial.parametersFile ? ` (${trial.parametersFile})` : ''}: ${changes.join(', ')}`);
    lines.push('', `arms (${trial.arms.length}):`);
    for (const arm of trial.arms) {
      lines.push(`  ${arm.id}: ${arm.title} (${arm.dataPoints} data points)`);
      const set = Object.entries(arm.set).map(([k, v]) => `${k} = ${number(v)}`);
      if (set.length) lines.push(`    set at day 0: ${set.join(', ')}`);
      if (!arm.regimen.length) lines.push('    no drug');
      for (const r of arm.regimen) {
        lines.push('at' in r ? `    ${r.drug} ${r.dose} at ${r.at}` : `    ${r.drug} ${r.dose}, ${r.doses} doses from ${r.from} to ${r.until}`);
      }
    }
    lines.push('', `visits: ${trial.visits.join(', ')}`, '', `endpoints (${trial.endpoints.length}):`);
    table(trial.endpoints.map((e) => [e.name, e.unit, e.title]));
    lines.push('');
  }
  const s = data.scenario;
  if (s) {
    lines.push(`scenario ${s.id}: ${s.title}`, `  ${s.description.trim()}`);
    if (s.source) lines.push(`  source: ${s.source}`);
    lines.push(`  model ${s.model}, ${s.duration} from ${s.start === 'steady_state' ? 'its steady state' : 'its initial values'}, output every ${s.outputEvery}`);
    const changes = Object.entries(s.parameters).map(([k, v]) => `${k} = ${v}`);
    if (changes.length) lines.push(`  changes at t = 0: ${changes.join(', ')}`);
    for (const [k, v] of Object.entries(s.inputs)) lines.push(`  input ${k}(t) = ${v}`);
    if (s.events.length) {
      lines.push('', `events (${s.events.length}):`);
      for (const e of s.events) {
        if ('when' in e) lines.push(`  when ${e.when}: ${e.does}${e.stop ? ' (stops the run)' : ''}`);
        else if ('at' in e) lines.push(`  at ${e.at}: ${e.does}`);
        else lines.push(`  ${e.times} times from ${e.from} to ${e.until}: ${e.does}`);
      }
    }
    if (s.expect.length) {
      lines.push('', `expect (${s.expect.length}):`);
      for (const e of s.expect) lines.push(`  ${e.that}${e.why ? `  (${e.why})` : ''}`);
    }
    lines.push('');
  }
  const m = data.model;
  lines.push(`model ${m.id}: ${m.title}`, `  ${m.citation}`, `  time unit: ${m.timeUnit}${m.file ? `; file ${m.file}` : ''}`);
  lines.push('', `species (${m.species.length}):`);
  table(m.species.map((x) => [x.name, number(x.initial), x.unit, x.description]));
  lines.push('', `parameters (${m.parameters.length}; range: declared, or ~ x${m.parameterRange[0]} to x${m.parameterRange[1]} of nominal):`);
  table(m.parameters.map((p) => [p.name, number(p.value), p.unit,
    p.range ? `${p.rangeDeclared ? '' : '~'}${number(p.range[0])}..${number(p.range[1])}` : '', `${p.description}  [${p.source}]`]));
  if (m.modules.length) {
    lines.push('', `modules (${m.modules.length}; switch = 1 on, 0 off):`);
    table(m.modules.map((x) => [x.switch, x.on ? 'on' : 'off', x.description]));
  }
  if (m.inputs.length) {
    lines.push('', `inputs (${m.inputs.length}; a scenario drives them with inputs: or events):`);
    table(m.inputs.map((x) => [x.name, number(x.default), x.unit, x.description]));
  }
  const roles = Object.entries(m.roles);
  if (roles.length) {
    lines.push('', 'roles:');
    table(roles.map(([role, name]) => [role, String(name)]));
  }
  lines.push('', `observables (${m.observables.length}):`);
  table(m.observables.map((o) => [o.name, o.unit, o.description]));
  return lines.join('\n') + '\n';
}
