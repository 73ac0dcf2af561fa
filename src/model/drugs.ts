import { z } from 'zod';
import { inputError } from '../errors.ts';
import type { YamlSource } from '../io/yamlSource.ts';
import type { Model } from './model.ts';
import { parseUnit, sameQuantity, sameUnit, type Dimension } from './units.ts';

/**
 * A drug a model knows: where a dose goes (a species: a depot or a plasma compartment), the unit
 * doses are written in, and how many state units one dose unit adds. Trials name drugs by id and
 * give doses with their units (src/trial/regimen.ts converts them).
 */
export interface Drug {
  id: string;
  title: string;
  /** The species a dose adds to. */
  doseInto: string;
  /** The unit a regimen's dose is converted to (any unit of the same dimension may be written). */
  doseUnit: string;
  /** State units added per dose unit: a number, or the name of a parameter (read at each dose). */
  perDoseUnit: number | string;
  /** An observable users plot as the drug's exposure. */
  exposure?: string;
  source?: string;
}

const text = z.string().min(1, { message: 'must not be empty' });

export const drugFileSchema = z.strictObject({
  title: text,
  dose_into: text,
  dose_unit: text,
  per_dose_unit: z.union([z.number().positive(), text]).optional(),
  exposure: text.optional(),
  source: text.optional(),
});

export type DrugFile = z.infer<typeof drugFileSchema>;

export function toDrugs(data: Record<string, DrugFile> | undefined): Drug[] {
  return Object.entries(data ?? {}).map(([id, d]) => ({
    id, title: d.title, doseInto: d.dose_into, doseUnit: d.dose_unit, perDoseUnit: d.per_dose_unit ?? 1, exposure: d.exposure, source: d.source,
  }));
}

/** A model's drugs must name its own species, parameters and observables, and a dose unit bonesim can read. */
export function checkDrugs(model: Model, source: YamlSource): void {
  const species = new Set(model.species.map((s) => s.name));
  const parameters = new Set(model.parameters.map((p) => p.name));
  const observables = new Set(model.observables.map((o) => o.name));
  for (const drug of model.drugs ?? []) {
    const at = (field: string) => source.locate(['drugs', drug.id, field]);
    if (!/^[a-z][a-z0-9_-]*$/.test(drug.id)) throw inputError(`the drug id "${drug.id}" must be lowercase letters, digits, "-" or "_"`, source.locate(['drugs', drug.id]), 'e.g. denosumab');
    if (!species.has(drug.doseInto)) {
      throw inputError(`dose_into names "${drug.doseInto}", which is not a species of the model`, at('dose_into'), `name the species a dose adds to: ${[...species].join(', ')}`);
    }
    const dose = doseDimension(drug.doseUnit, at('dose_unit'));
    // Without a conversion factor a dose unit adds one state unit: the two must then be the same unit.
    const stateUnit = model.species.find((s) => s.name === drug.doseInto)!.unit;
    if (drug.perDoseUnit === 1 && !perDoseGiven(source, drug.id)) {
      let same = false;
      try {
        same = sameUnit(dose, parseUnit(stateUnit));
      } catch { /* an unreadable state unit is the dimension checker's to report */ }
      if (!same) {
        throw inputError(`a dose in ${drug.doseUnit} adds to ${drug.doseInto}, which is in ${stateUnit}`, at('dose_unit'),
          `give per_dose_unit: the ${stateUnit} of ${drug.doseInto} one ${drug.doseUnit} adds (a number or a parameter), or make dose_unit ${stateUnit}`);
      }
    }
    if (typeof drug.perDoseUnit === 'string' && !parameters.has(drug.perDoseUnit)) {
      throw inputError(`per_dose_unit names "${drug.perDoseUnit}", which is not a parameter of the model`, at('per_dose_unit'), 'give a positive number, or the name of a parameter (e.g. a bioavailability)');
    }
    if (drug.exposure !== undefined && !observables.has(drug.exposure) && !species.has(drug.exposure)) {
      throw inputError(`exposure names "${drug.exposure}", which is not an observable or species of the model`, at('exposure'), 'name the observable that shows the drug in the body (e.g. serum concentration)');
    }
  }
}

/** The dimension of a dose unit (mass, amount, ...); an unreadable unit is an input error at `location`. */
export function doseDimension(unit: string, location: import('../errors.ts').ErrorLocation): Dimension {
  try {
    return parseUnit(unit);
  } catch {
    throw inputError(`"${unit}" is not a unit`, location, 'write a dose unit such as mg, ug, g, mmol or umol');
  }
}

/** How many `to` units one `from` unit is, when both measure the same quantity (mg -> ug: 1000); undefined otherwise. */
export function doseFactor(from: Dimension, to: Dimension): number | undefined {
  return sameQuantity(from, to) ? from.scale / to.scale : undefined;
}

function perDoseGiven(source: YamlSource, id: string): boolean {
  const drugs = (source.data as { drugs?: Record<string, Record<string, unknown>> } | null)?.drugs;
  return drugs?.[id]?.per_dose_unit !== undefined;
}
