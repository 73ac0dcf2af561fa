import { BonesimError, inputError } from '../errors.ts';
import { parseYaml, validateWith, type YamlSource } from '../io/yamlSource.ts';
import { compileModel } from './compile.ts';
import { checkDimensions } from './dimensions.ts';
import { checkDrugs, toDrugs } from './drugs.ts';
import type { Model } from './model.ts';
import { badSymbolName } from './names.ts';
import { checkParameterValue } from './parameterLimits.ts';
import { modelFileSchema, type ModelFile } from './schema.ts';

/**
 * Parse, validate and check a model file's text; every problem names the file, field and line.
 *
 * @example
 * ```ts
 * const model = parseModel(readFileSync('models/lemaire2004.yaml', 'utf8'), 'models/lemaire2004.yaml');
 * model.species.map((s) => s.name); // ['R', 'B', 'C', 'BV']
 * ```
 */
export function parseModel(text: string, file: string): Model {
  return modelFromSource(parseYaml(text, file));
}

/**
 * Validate and check parsed model YAML (data in, Model out: no file access).
 *
 * @example
 * ```ts
 * const model = modelFromSource(parseYaml(text, 'models/lemaire2004.yaml'));
 * ```
 */
export function modelFromSource(source: YamlSource): Model {
  const data = validateWith(source, modelFileSchema, 'model');
  const model = toModel(data, source.file);
  checkNames(model, source);
  try {
    compileModel(model);
    checkDimensions(model);
  } catch (error) {
    throw relocate(error, source);
  }
  return model;
}

/** Attach file, line and column to an error raised with a structured path. */
export function relocate(error: unknown, source: YamlSource): unknown {
  if (!(error instanceof BonesimError)) return error;
  if (error.location.file && error.location.line !== undefined) return error;
  const where = error.location.path ? source.locate(error.location.path) : {};
  return new BonesimError(error.kind, error.problem, {
    ...error.location,
    file: source.file,
    field: error.location.field ?? where.field,
    line: where.line,
    column: where.column,
  }, error.hint);
}

/** Names in `invariants:` must be the model's own: parameters, and roles/species/observables/bone_balance. */
function checkInvariants(model: Model, source: YamlSource, parameters: Set<string>): void {
  const invariants = model.invariants;
  if (!invariants) return;
  const [low, high] = invariants.parameter_range;
  if (!(low > 0 && high >= low)) {
    throw inputError(`parameter_range must be two factors 0 < low <= high, got [${low}, ${high}]`, source.locate(['invariants', 'parameter_range']), 'e.g. [0.5, 2]');
  }
  const quantities = new Set<string>([...model.species, ...model.observables].map((x) => x.name));
  for (const role of Object.keys(model.roles)) quantities.add(role);
  quantities.add('bone_balance');
  const parameter = (name: string, path: Array<string | number>) => {
    if (!parameters.has(name)) throw inputError(`"${name}" is not a parameter or input of the model`, source.locate(path), 'name a parameter or input declared above');
  };
  const quantity = (name: string, path: Array<string | number>) => {
    if (!quantities.has(name)) {
      throw inputError(`"${name}" is not a role, species, observable or bone_balance`, source.locate(path),
        `use one of: ${[...quantities].join(', ')}`);
    }
  };
  invariants.fixed.forEach((name, i) => parameter(name, ['invariants', 'fixed', i]));
  if (invariants.balanced_by) parameter(invariants.balanced_by, ['invariants', 'balanced_by']);
  invariants.monotone.forEach((m, i) => {
    parameter(m.parameter, ['invariants', 'monotone', i, 'parameter']);
    m.raises.forEach((q, k) => quantity(q, ['invariants', 'monotone', i, 'raises', k]));
    m.lowers.forEach((q, k) => quantity(q, ['invariants', 'monotone', i, 'lowers', k]));
    Object.keys(m.given).forEach((name) => parameter(name, ['invariants', 'monotone', i, 'given', name]));
  });
  invariants.knockout.forEach((k, i) => {
    parameter(k.parameter, ['invariants', 'knockout', i, 'parameter']);
    quantity(k.vanishes, ['invariants', 'knockout', i, 'vanishes']);
  });
  invariants.conservation.forEach((c, i) => {
    c.parts.forEach((part, k) => {
      if (!model.species.some((s) => s.name === part)) {
        throw inputError(`conservation part "${part}" is not a species`, source.locate(['invariants', 'conservation', i, 'parts', k]), 'list the species that hold the pool, free and bound');
      }
    });
    quantity(c.turnover, ['invariants', 'conservation', i, 'turnover']);
  });
}

/** Declared limits name parameters or inputs and are ordered; every nominal value and default lies within its limits. */
function checkLimits(model: Model, source: YamlSource): void {
  const settable = new Set([...model.parameters.map((p) => p.name), ...model.inputs.map((i) => i.name)]);
  for (const [name, [low, high]] of Object.entries(model.parameterLimits ?? {})) {
    const at = source.locate(['parameter_limits', name]);
    if (!settable.has(name)) throw inputError(`parameter_limits names "${name}", which is not a parameter or input`, at, 'name a parameter or input declared above');
    if (!(low <= high)) throw inputError(`the limits of ${name} must be [low, high] with low <= high, got [${low}, ${high}]`, at, 'e.g. [0, 1], or [-.inf, .inf] for any sign');
  }
  for (const p of model.parameters) checkParameterValue(model, p.name, p.value, source.locate(['parameters', p.name, 'value']));
  for (const i of model.inputs) checkParameterValue(model, i.name, i.default, source.locate(['inputs', i.name, 'default']));
}

function toModel(data: ModelFile, file: string): Model {
  return {
    id: data.id,
    title: data.title,
    citation: data.citation,
    description: data.description,
    timeUnit: data.time_unit,
    file,
    species: Object.entries(data.species).map(([name, s]) => ({
      name, initial: s.initial, unit: s.unit, description: s.description, source: s.source, nonnegative: s.nonnegative ?? true,
    })),
    parameters: Object.entries(data.parameters).map(([name, p]) => ({ name, ...p })),
    inputs: Object.entries(data.inputs).map(([name, i]) => ({ name, ...i })),
    expressions: Object.entries(data.expressions).map(([name, e]) => (typeof e === 'string' ? { name, expr: e } : { name, ...e })),
    rates: { ...data.rates },
    observables: Object.entries(data.observables).map(([name, o]) => ({ name, ...o })),
    roles: { ...(data.roles ?? {}) },
    invariants: data.invariants,
    parameterLimits: Object.fromEntries(Object.entries(data.parameter_limits).map(([name, [low, high]]) => [name, [low, high] as [number, number]])),
    annotations: { ...(data.annotations ?? {}) },
    ...(data.drugs ? { drugs: toDrugs(data.drugs) } : {}),
    notes: data.notes,
  };
}

function checkNames(model: Model, source: YamlSource): void {
  const seen = new Map<string, string>();
  const sections: Array<[string, Array<{ name: string }>]> = [
    ['species', model.species], ['parameters', model.parameters], ['inputs', model.inputs],
    ['expressions', model.expressions], ['observables', model.observables],
  ];
  for (const [section, entries] of sections) {
    for (const { name } of entries) {
      const bad = badSymbolName(name);
      if (bad) throw inputError(bad, source.locate([section, name]), 'rename it (and every expression that uses it)');
      const earlier = seen.get(name);
      if (earlier) {
        throw inputError(`"${name}" is defined twice, in ${earlier} and in ${section}`, source.locate([section, name]),
          'every species, parameter, input, expression and observable needs its own name');
      }
      seen.set(name, section);
    }
  }
  const speciesNames = new Set(model.species.map((s) => s.name));
  for (const species of model.species) {
    if (!Object.hasOwn(model.rates, species.name)) {
      throw inputError(`species "${species.name}" has no rate`, source.locate(['rates']),
        `add "rates.${species.name}: <d${species.name}/dt>" (write 0 for a constant species)`);
    }
  }
  for (const name of Object.keys(model.rates)) {
    if (!speciesNames.has(name)) {
      throw inputError(`"${name}" has a rate but is not a species`, source.locate(['rates', name]),
        'declare it under species: with an initial value and unit, or remove the rate');
    }
  }
  const series = new Set([...model.species, ...model.observables].map((x) => x.name));
  for (const [role, name] of Object.entries(model.roles)) {
    if (!series.has(name)) {
      throw inputError(`role ${role} names "${name}", which is not a species or observable`, source.locate(['roles', role]),
        'name a species or an observable of this model');
    }
  }
  checkInvariants(model, source, new Set(model.parameters.map((p) => p.name).concat(model.inputs.map((i) => i.name))));
  checkLimits(model, source);
  checkDrugs(model, source);
  for (const name of Object.keys(model.annotations)) {
    if (!seen.has(name)) {
      throw inputError(`annotation for unknown symbol "${name}"`, source.locate(['annotations', name]),
        'annotate a species, parameter, input, expression or observable of this model');
    }
  }
}
