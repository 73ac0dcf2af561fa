import { inputError, type ErrorLocation } from '../errors.ts';
import type { Drug } from '../model/drugs.ts';
import { doseDimension, doseFactor } from '../model/drugs.ts';
import type { Model } from '../model/model.ts';
import { suggestName } from '../model/suggest.ts';
import { formatDimension, parseUnit } from '../model/units.ts';
import { occurrences } from '../simulate/schedule.ts';
import type { DoseEvent } from './trial.ts';
import type { RegimenItemFile } from './trialSchema.ts';

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*?)\s*$/;

/** The drug a regimen item names, or an error that lists the drugs the model knows. */
export function drugNamed(model: Model, name: string, location: ErrorLocation): Drug {
  const drugs = model.drugs ?? [];
  const drug = drugs.find((d) => d.id === name);
  if (drug) return drug;
  if (!drugs.length) {
    throw inputError(`model ${model.id} declares no drugs, so "${name}" cannot be dosed`, location,
      'use a model with a `drugs:` section (docs/formats.md), or add one that names the species a dose goes into');
  }
  const suggestion = suggestName(name, drugs.map((d) => ({ name: d.id, description: d.title })));
  throw inputError(`"${name}" is not a drug of model ${model.id}`, location,
    suggestion ? `did you mean "${suggestion.name}"? The model's drugs: ${drugs.map((d) => d.id).join(', ')}` : `choose one of the model's drugs: ${drugs.map((d) => d.id).join(', ')}`);
}

/**
 * A dose as written ("60 mg", "20 ug") in the drug's dose_unit, then in state units of the species it goes into.
 * A dose without a unit, of another dimension (mL for a drug dosed in mg) or not positive is refused.
 */
export function doseAmount(drug: Drug, text: unknown, location: ErrorLocation): { amount: number | string; inDoseUnits: number } {
  const example = `e.g. "60 ${drug.doseUnit}"`;
  if (typeof text === 'number') throw inputError(`the dose ${text} has no unit`, location, `write it with its unit, ${example} (${drug.id} is dosed in ${drug.doseUnit})`);
  const match = typeof text === 'string' ? QUANTITY.exec(text) : null;
  if (!match) throw inputError(`"${String(text)}" is not a dose`, location, `write a number and a unit, ${example}`);
  const value = Number(match[1]);
  let unit;
  try {
    unit = parseUnit(match[2]);
  } catch {
    throw inputError(`"${match[2]}" in the dose "${text}" is not a unit`, location, `write a unit of the dimension of ${drug.doseUnit}, ${example}`);
  }
  const factor = doseFactor(unit, doseDimension(drug.doseUnit, location));
  if (factor === undefined) {
    throw inputError(`the dose "${text}" is ${formatDimension(unit)}, but ${drug.id} is dosed in ${drug.doseUnit}`, location,
      `write the dose in ${drug.doseUnit} or another unit of the same dimension, ${example}`);
  }
  if (!(value > 0) || !Number.isFinite(value)) throw inputError(`the dose must be positive, got "${text}"`, location, `${example}; leave the item out for no drug`);
  const inDoseUnits = value * factor;
  const amount = typeof drug.perDoseUnit === 'number' ? inDoseUnits * drug.perDoseUnit : `${inDoseUnits} * ${drug.perDoseUnit}`;
  return { amount, inDoseUnits };
}

/**
 * One regimen item as dose events: a single dose `at`, or `every` interval `from` (default day 0)
 * `until` (default the end of the trial), both ends included.
 */
export function regimenDoses(
  item: RegimenItemFile,
  index: number,
  model: Model,
  duration: number,
  time: (value: unknown, field: string) => number,
  where: (field?: string) => ErrorLocation,
): DoseEvent[] {
  const drug = drugNamed(model, item.drug, where('drug'));
  const { amount } = doseAmount(drug, item.dose, where('dose'));
  const unit = model.timeUnit;
  if ((item.at !== undefined) === (item.every !== undefined)) {
    throw inputError('a regimen item needs exactly one of `at` (a single dose) or `every` (repeated, with from/until)', where(),
      'e.g. { drug: denosumab, dose: 60 mg, every: 6 month, from: 0 month, until: 30 month } or { drug: denosumab, dose: 60 mg, at: 0 day }');
  }
  if (item.at !== undefined && (item.from !== undefined || item.until !== undefined)) {
    throw inputError('`from` and `until` go with `every`, not with `at`', where(item.from !== undefined ? 'from' : 'until'), 'remove them, or use `every` for repeated doses');
  }
  let times: number[];
  if (item.at !== undefined) {
    times = [time(item.at, 'at')];
  } else {
    const every = time(item.every, 'every');
    if (!(every > 0)) throw inputError(`the dosing interval must be positive, got "${item.every}"`, where('every'), 'e.g. every: 6 month, or every: 1 day');
    const from = item.from === undefined ? 0 : time(item.from, 'from');
    const until = item.until === undefined ? duration : time(item.until, 'until');
    times = occurrences(every, from, until, where('until'));
  }
  for (const t of times) {
    const field = item.at !== undefined ? 'at' : t === times[0] ? 'from' : 'until';
    if (t < 0) throw inputError(`a dose at t = ${t} ${unit} is before day 0 of the trial`, where(field), 'times count from the first day of the trial (0 day)');
    if (t > duration) {
      throw inputError(`a dose at t = ${Number(t.toPrecision(8))} ${unit} is after the end of the trial (${Number(duration.toPrecision(8))} ${unit})`, where(field),
        'end the regimen earlier (until:), or make the trial longer (a later visit, or duration:)');
    }
  }
  const dose = String(item.dose);
  return times.map((t) => ({ time: t, drug: drug.id, dose, amount, into: drug.doseInto, item: index }));
}
