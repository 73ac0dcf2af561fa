import { inputError } from '../errors.ts';
import { compileModel } from './compile.ts';
import type { Model, Parameter } from './model.ts';

/**
 * A model variant as data: the same model with some parameter values, expressions or rates
 * replaced, or parameters added. Used to compare model structures (e.g. RANKL on precursor
 * or on active osteoblasts) without forking the model file. The variant is compiled once
 * here, so a bad symbol fails at once with the field that names it.
 */
export interface ModelChanges {
  id?: string;
  title?: string;
  /** New values for existing parameters. */
  parameters?: Readonly<Record<string, number>>;
  /** Parameters the variant adds (e.g. a removal rate for a new rate term). */
  addParameters?: readonly Parameter[];
  /** Replaced expressions, by name (the name must exist). */
  expressions?: Readonly<Record<string, string>>;
  /** Replaced rates, by species. */
  rates?: Readonly<Record<string, string>>;
  /** Replaced observable expressions, by name. */
  observables?: Readonly<Record<string, string>>;
  /** A note on what changed, appended to the description. */
  note?: string;
}

/**
 * A copy of a model with some parameters, initial values or expressions changed (the original is untouched).
 *
 * @example
 * ```ts
 * const faster = modelVariant(model, { parameters: { k_B: 0.3 } });
 * ```
 */
export function modelVariant(model: Model, changes: ModelChanges): Model {
  const where = { file: model.file, field: `variant ${changes.id ?? ''}`.trim() };
  const known = (names: Iterable<string>, name: string, what: string) => {
    if (![...names].includes(name)) throw inputError(`"${name}" is not ${what} of model ${model.id}`, where, `\`bonesim describe ${model.id}\` lists the names it defines`);
  };
  for (const name of Object.keys(changes.parameters ?? {})) known(model.parameters.map((p) => p.name), name, 'a parameter');
  for (const name of Object.keys(changes.expressions ?? {})) known(model.expressions.map((e) => e.name), name, 'an expression');
  for (const name of Object.keys(changes.rates ?? {})) known(Object.keys(model.rates), name, 'a species with a rate');
  for (const name of Object.keys(changes.observables ?? {})) known(model.observables.map((o) => o.name), name, 'an observable');

  const variant: Model = {
    ...model,
    id: changes.id ?? `${model.id}-variant`,
    title: changes.title ?? model.title,
    description: changes.note ? `${model.description ?? ''} Variant: ${changes.note}`.trim() : model.description,
    parameters: [
      ...model.parameters.map((p) => (changes.parameters && p.name in changes.parameters
        ? { ...p, value: changes.parameters[p.name], source: `${p.source}; changed in variant ${changes.id ?? ''}`.trim() }
        : p)),
      ...(changes.addParameters ?? []),
    ],
    expressions: model.expressions.map((e) => (changes.expressions && e.name in changes.expressions ? { ...e, expr: changes.expressions[e.name] } : e)),
    rates: { ...model.rates, ...changes.rates },
    observables: model.observables.map((o) => (changes.observables && o.name in changes.observables ? { ...o, expr: changes.observables[o.name] } : o)),
  };
  compileModel(variant);
  return variant;
}
