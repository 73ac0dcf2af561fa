import { CONSTANTS, exprToString, symbolsOf, type Expr } from '../../model/expr.ts';
import type { Model } from '../../model/model.ts';
import { orderByDependencies } from '../../model/order.ts';
import { parseExpression } from '../../model/parseExpression.ts';
import { DAYS_PER, timeFactor, type TimeUnit } from '../../model/timeUnits.ts';
import { DIMENSIONLESS, divide, multiply, parseUnit, type Dimension } from '../../model/units.ts';
import { dimensionOfExpr } from './exportDimensions.ts';
import { exponentLifter } from './exportExponents.ts';
import { documentNotes, type ExportNotes } from './exportModelNotes.ts';
import { classifySpecies, type SpeciesKind } from './speciesKind.ts';
import { notesXml, quantityNotes } from './exportNotes.ts';

import { annotationUris, annotationXml, citationUris } from './miriam.ts';
import { hasSymbolicExponent, UnitTable } from './unitDefinitions.ts';
import { ci, mathElement, mathOfCondition, mathOfNumber, modLambda, apply, timeSymbol, cn, type MathContext, type SymbolRef, SBML_L3V2_NS } from './writeMathml.ts';
import { element, indentXml } from './writeXml.ts';

/** What a scenario adds to its model's SBML (made by scenarioForSbml in exportScenario.ts). */
export interface ScenarioForSbml {
  id: string;
  title: string;
  description: string;
  source?: string;
  /** The starting value of every species. */
  initial: Readonly<Record<string, number>>;
  /** Parameter and input values from t = 0. */
  parameters: Readonly<Record<string, number>>;
  /** Inputs driven over time: expressions of t (model time unit) and parameters. */
  inputs: Readonly<Record<string, Expr>>;
  events: readonly EventForSbml[];
  /** Paragraphs for the document's notes: what the scenario does and how SBML carries it. */
  notes: ExportNotes;
}

export interface EventForSbml {
  /** The base of its SBML id. */
  key: string;
  name: string;
  trigger: { time: number } | { condition: Expr };
  /** Events at the same time run in descending priority (bonesim: file order). */
  priority?: number;
  assignments: ReadonlyArray<{ target: string; value: Expr }>;
  /** Fires at most once (a flag parameter guards the trigger). */
  once: boolean;
}

export interface SbmlExport {
  xml: string;
  /** How each bonesim quantity was written, and what SBML does not carry, for the user. */
  notes: ExportNotes;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const TIME_WORDS = Object.keys(DAYS_PER) as TimeUnit[];
const UNKNOWN_UNIT = 'unknown';

/**
 * A bonesim model, and optionally one scenario on it, as an SBML Level 3 Version 2 document.
 * A pure function of its data: no files, no clock; the same model gives the same text.
 *
 * The mapping (why each choice, in README "SBML export"):
 * - bonesim states are concentrations per unit volume with rates in concentration per time, so
 *   every state keeps its own ODE as a rate rule; none is split into reactions bonesim does not
 *   declare. States in a concentration unit (pM, ng/mL) are species with
 *   hasOnlySubstanceUnits="false" in one compartment of 1 litre, so their value is their
 *   concentration; states in an amount unit (mg, umol, cells) are species with
 *   hasOnlySubstanceUnits="true"; dimensionless states (bone volume in %, signalling
 *   activities) are parameters with a rate rule, as COPASI's "global quantities of type ODE".
 * - parameters are constant parameters; inputs are non-constant parameters at their defaults;
 *   named expressions and observables are assignment rules.
 * - every number and quantity carries a unit definition, and numbers in the math carry
 *   sbml:units, so libSBML's unit checks see the whole model.
 *
 * @example
 * ```ts
 * const model = loadModel('models/lemaire2004.yaml'); // bonesim/node
 * const { xml, notes } = modelToSbml(model);
 * notes.notCarried; // what SBML does not carry (also in the file's notes)
 * ```
 */
export function modelToSbml(model: Model, scenario?: ScenarioForSbml): SbmlExport {
  const nominal = new Map<string, number>([...model.parameters.map((p) => [p.name, p.value] as const), ...model.inputs.map((i) => [i.name, i.default] as const)]);
  const units = new UnitTable(nominal);
  const time = parseUnit(model.timeUnit);
  const timeUnitId = units.idForText(model.timeUnit);

  // Every id in one namespace (SBML: the model, species, parameters, compartments, functions, events).
  const symbols = [...model.species, ...model.parameters, ...model.inputs, ...model.expressions, ...model.observables].map((x) => x.name);
  const symbolSet = new Set(symbols);
  const taken = new Set<string>(symbols);
  const fresh = (base: string): string => {
    let id = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
    const stem = id;
    for (let k = 2; taken.has(id); k++) id = `${stem}_${k}`;
    taken.add(id);
    return id;
  };
  const modelId = fresh(model.id);
  const compartmentId = fresh('bone_microenvironment');
  const modFunctionId = fresh('mod');

  // Parsed definitions, in an order where each follows what it reads.
  const definitions = new Map<string, Expr>();
  for (const [name, expr] of Object.entries(scenario?.inputs ?? {})) definitions.set(name, expr);
  for (const e of model.expressions) definitions.set(e.name, parseExpression(e.expr));
  for (const o of model.observables) definitions.set(o.name, parseExpression(o.expr));
  const rates = new Map(model.species.map((s) => [s.name, parseExpression(model.rates[s.name])]));

  // Start values (X_0) the scenario's events read: parameters fixed by initial assignments.
  const startValues = new Map<string, string>();
  const startNames = new Set([...model.species, ...model.observables].map((x) => `${x.name}_0`).filter((n) => !taken.has(n)));
  for (const event of scenario?.events ?? []) {
    const exprs = [...event.assignments.map((a) => a.value), ...('condition' in event.trigger ? [event.trigger.condition] : [])];
    for (const expr of exprs) for (const name of symbolsOf(expr)) if (startNames.has(name) && !startValues.has(name)) startValues.set(name, fresh(name));
  }

  // Events that fire once are guarded by a flag parameter each.
  const eventIds = (scenario?.events ?? []).map((event) => fresh(event.key));
  const onceFlags = new Map<number, string>();
  (scenario?.events ?? []).forEach((event, k) => event.once && onceFlags.set(k, fresh(`${eventIds[k]}_fired`)));
  const flagIds = new Set(onceFlags.values());

  // Units: declared ones, then what expressions without a declared unit work out to.
  const declared = new Map<string, Dimension>();
  const unitText = new Map<string, string>();
  // "unknown" (a model imported from SBML that declared no unit) stays without one.
  const withoutUnit = new Set<string>();
  const declare = (name: string, text: string) => {
    if (text === UNKNOWN_UNIT) {
      withoutUnit.add(name);
      return;
    }
    declared.set(name, parseUnit(text, nominal));
    unitText.set(name, text);
  };
  model.species.forEach((s) => declare(s.name, s.unit));
  model.parameters.forEach((p) => declare(p.name, p.unit));
  model.inputs.forEach((i) => declare(i.name, i.unit));
  model.observables.forEach((o) => declare(o.name, o.unit));
  model.expressions.forEach((e) => e.unit && declare(e.name, e.unit));
  const inferring = new Set<string>();
  const dimensionOf = (name: string): Dimension | undefined => {
    const known = declared.get(name);
    if (known) return known;
    if (name === 't' || (TIME_WORDS as string[]).includes(name)) return time;
    if (startValues.has(name)) return dimensionOf(name.slice(0, -2));
    if (CONSTANTS.has(name) || flagIds.has(name)) return DIMENSIONLESS;
    const definition = definitions.get(name);
    if (!definition || inferring.has(name) || withoutUnit.has(name)) return undefined;
    inferring.add(name);
    const inferred = dimensionOfExpr(definition, dimensionOf, nominal);
    inferring.delete(name);
    if (inferred) declared.set(name, inferred);
    return inferred;
  };

  const symbol = (name: string): SymbolRef => {
    if (symbolSet.has(name) || flagIds.has(name)) return { kind: 'ci', id: name };
    const start = startValues.get(name);
    if (start) return { kind: 'ci', id: start };
    if (name === 't') return { kind: 'time' };
    if ((TIME_WORDS as string[]).includes(name)) return { kind: 'number', value: timeFactor(name as TimeUnit, model.timeUnit), dimension: time };
    if (name === 'pi') return { kind: 'pi' };
    if (name === 'e') return { kind: 'e' };
    throw new Error(`internal: symbol ${name} has no SBML form`);
  };
  const ctx: MathContext = { symbol, dimensionOf, unitId: (d) => units.idFor(d), nominal, modFunctionId, usesMod: false };
  const unitIdOf = (name: string): string | undefined => {
    const text = unitText.get(name);
    if (text !== undefined) return units.idForText(text);
    const d = dimensionOf(name);
    return d && units.idFor(d);
  };

  // Exponents libSBML cannot read a value from become quantities of their own (exportExponents.ts).
  const valued = new Set([...model.parameters.map((p) => p.name), ...model.inputs.filter((i) => !scenario?.inputs[i.name]).map((i) => i.name)]);
  const lifter = exponentLifter((e) => dimensionOfExpr(e, dimensionOf, nominal), (name) => valued.has(name), fresh);
  for (const [name, expr] of definitions) definitions.set(name, lifter.lift(expr, name));
  for (const [name, expr] of rates) rates.set(name, lifter.lift(expr, `${name}_rate`));
  const events = (scenario?.events ?? []).map((event, k) => ({
    ...event,
    trigger: 'condition' in event.trigger ? { condition: lifter.lift(event.trigger.condition, eventIds[k]) } : event.trigger,
    assignments: event.assignments.map((a) => ({ target: a.target, value: lifter.lift(a.value, eventIds[k]) })),
  }));
  for (const exponent of lifter.lifted) {
    definitions.set(exponent.name, exponent.expr);
    declared.set(exponent.name, DIMENSIONLESS);
    symbolSet.add(exponent.name);
  }
  const order = orderByDependencies([...definitions.keys()], (name) => symbolsOf(definitions.get(name)!), (name) => [name]);

  // A species without a unit stays a species (in a compartment of 1 litre its amount and concentration are one number).
  const kinds = new Map<string, SpeciesKind>(model.species.map((s) => {
    const unit = declared.get(s.name);
    return [s.name, unit ? classifySpecies(unit) : 'concentration'];
  }));
  const eventTargets = new Set((scenario?.events ?? []).flatMap((e) => e.assignments.map((a) => a.target)));
  const unitNote = (name: string): string | undefined => {
    if (withoutUnit.has(name)) return 'none declared (the model came from a file without units)';
    const text = unitText.get(name);
    if (text === undefined || !hasSymbolicExponent(text)) return text;
    return `${text} (SBML unit exponents are numbers: the unit definition is this unit at the model's values of the parameters in its exponents)`;
  };
  const annotate = (name: string, isAmount: boolean): { metaid?: string; xml: string } => {
    const annotation = model.annotations[name];
    const metaid = `meta_${name}`;
    const xml = annotation ? annotationXml(metaid, annotationUris(annotation, isAmount)) : '';
    return xml ? { metaid, xml } : { xml: '' };
  };
  const isAmountUnit = (name: string) => {
    const d = declared.get(name);
    return d !== undefined && classifySpecies(d) !== 'parameter';
  };

  // Species, and the states written as parameters with a rate rule.
  const speciesXml: string[] = [];
  const stateParameterXml: string[] = [];
  const substanceUnits: string[] = [];
  for (const s of model.species) {
    const kind = kinds.get(s.name)!;
    const value = scenario?.initial[s.name] ?? s.initial;
    const a = annotate(s.name, kind !== 'parameter');
    const notes = quantityNotes(s.description, [
      ['Unit', unitNote(s.name)],
      ['Initial value source', s.source],
      ['Annotation', model.annotations[s.name]?.note],
      ['Non-negative', s.nonnegative ? 'bonesim stops a run that drives it below zero (SBML simulators do not check this)' : undefined],
    ]);
    if (kind === 'parameter') {
      stateParameterXml.push(element('parameter', { metaid: a.metaid, id: s.name, value, units: unitIdOf(s.name), constant: false }, [notes, a.xml].filter(Boolean)));
      continue;
    }
    const dimension = declared.get(s.name);
    const substance = !dimension ? undefined : kind === 'concentration' ? units.idFor(multiply(dimension, parseUnit('L'))) : units.idForText(s.unit);
    if (substance) substanceUnits.push(substance);
    speciesXml.push(element('species', {
      metaid: a.metaid, id: s.name, compartment: compartmentId,
      initialConcentration: kind === 'concentration' ? value : undefined,
      initialAmount: kind === 'amount' ? value : undefined,
      substanceUnits: substance, hasOnlySubstanceUnits: kind === 'amount', boundaryCondition: false, constant: false,
    }, [notes, a.xml].filter(Boolean)));
  }

  const parameterXml: string[] = [];
  for (const p of model.parameters) {
    const a = annotate(p.name, isAmountUnit(p.name));
    const notes = quantityNotes(p.description, [
      ['Unit', unitNote(p.name)],
      ['Source', p.source],
      ['Admissible range', p.range && `${p.range[0]} to ${p.range[1]} ${p.unit}`],
      ['Annotation', model.annotations[p.name]?.note],
    ]);
    const value = scenario?.parameters[p.name] ?? p.value;
    parameterXml.push(element('parameter', { metaid: a.metaid, id: p.name, value, units: unitIdOf(p.name), constant: !eventTargets.has(p.name) }, [notes, a.xml].filter(Boolean)));
  }
  for (const input of model.inputs) {
    const a = annotate(input.name, isAmountUnit(input.name));
    const driven = scenario?.inputs[input.name] !== undefined;
    const notes = quantityNotes(input.description, [
      ['Unit', unitNote(input.name)],
      ['Role', driven
        ? 'bonesim input (an exogenous signal), driven by the scenario: an assignment rule of time'
        : `bonesim input (an exogenous signal a scenario may drive), here at ${scenario ? 'its scenario value' : 'its default'}`],
      ['Annotation', model.annotations[input.name]?.note],
    ]);
    const value = driven ? undefined : scenario?.parameters[input.name] ?? input.default;
    parameterXml.push(element('parameter', { metaid: a.metaid, id: input.name, value, units: unitIdOf(input.name), constant: false }, [notes, a.xml].filter(Boolean)));
  }
  const expressionInfo = new Map<string, { description?: string; kind: string }>([
    ...model.expressions.map((e) => [e.name, { description: e.description, kind: 'bonesim named expression' }] as const),
    ...model.observables.map((o) => [o.name, { description: o.description, kind: 'bonesim observable (a reported output)' }] as const),
    ...lifter.lifted.map((l) => [l.name, {
      description: `the exponent of a power in ${l.owner}, as a quantity of its own so that SBML unit checks can read its value`,
      kind: 'added by the SBML export (not in the bonesim model)',
    }] as const),
  ]);
  for (const name of order) {
    const info = expressionInfo.get(name);
    if (!info) continue; // a scenario input: declared above
    const a = annotate(name, isAmountUnit(name));
    const notes = quantityNotes(info.description, [['Role', info.kind], ['Unit', unitNote(name)], ['Annotation', model.annotations[name]?.note]]);
    parameterXml.push(element('parameter', { metaid: a.metaid, id: name, units: unitIdOf(name), constant: false }, [notes, a.xml].filter(Boolean)));
  }
  for (const [name, id] of startValues) {
    parameterXml.push(element('parameter', { id, units: unitIdOf(name.slice(0, -2)), constant: true },
      [notesXml([{ paragraph: `The value of ${name.slice(0, -2)} at the start of the run (bonesim's ${name}), fixed by an initial assignment.` }])]));
  }

  // Events (a scenario's).
  const eventXml: string[] = [];
  // Event values are read in their target's unit (bonesim does not check their units): numbers take the unit that says so.
  const unitCompletions = new Set<string>();
  const valueMath = (value: Expr, target: string) => {
    const completed: string[] = [];
    const math = mathOfNumber(value, ctx, dimensionOf(target) ?? DIMENSIONLESS, { completeUnits: true, completed });
    if (completed.length) unitCompletions.add(`${target} = ${exprToString(value)}: ${completed.join(', ')}`);
    return math;
  };
  events.forEach((event, k) => {
    const id = eventIds[k];
    const flag = onceFlags.get(k);
    const assignments = [...event.assignments];
    let trigger: string;
    if ('time' in event.trigger) {
      trigger = mathElement(apply('geq', timeSymbol(), cn(event.trigger.time, timeUnitId)));
    } else if (flag) {
      parameterXml.push(element('parameter', { id: flag, value: 0, units: 'dimensionless', constant: false },
        [notesXml([{ paragraph: `1 once the event ${id} has fired (bonesim: once: true).` }])]));
      const notFired: Expr = { type: 'binary', op: '==', left: { type: 'sym', name: flag }, right: { type: 'num', value: 0 } };
      trigger = mathOfCondition({ type: 'binary', op: 'and', left: event.trigger.condition, right: notFired }, ctx);
      assignments.push({ target: flag, value: { type: 'num', value: 1 } });
    } else {
      trigger = mathOfCondition(event.trigger.condition, ctx);
    }
    const children = [
      element('trigger', { initialValue: true, persistent: true }, [trigger]),
      event.priority !== undefined ? element('priority', {}, [mathElement(cn(event.priority, 'dimensionless'))]) : '',
      assignments.length ? element('listOfEventAssignments', {}, assignments.map((a) => element('eventAssignment', { variable: a.target },
        [valueMath(a.value, a.target)]))) : '',
    ].filter(Boolean);
    eventXml.push(element('event', { id, name: event.name, useValuesFromTriggerTime: false }, children));
  });

  // Rules: what inputs and expressions compute (in dependency order), then every state's rate.
  const rules: string[] = [];
  for (const name of order) {
    rules.push(element('assignmentRule', { variable: name }, [mathOfNumber(definitions.get(name)!, ctx, dimensionOf(name))]));
  }
  for (const s of model.species) {
    const unit = declared.get(s.name);
    rules.push(element('rateRule', { variable: s.name }, [mathOfNumber(rates.get(s.name)!, ctx, unit && divide(unit, time))]));
  }
  const initialAssignments = [...startValues].map(([name, id]) => element('initialAssignment', { symbol: id }, [mathElement(ci(name.slice(0, -2)))]));

  const { notes, xml: notesElement } = documentNotes(model, scenario, {
    withoutUnit: [...withoutUnit],
    kinds, startValues, compartmentId, usesMod: ctx.usesMod,
    addedExponents: lifter.lifted.map((l) => l.name),
    unitCompletions: [...unitCompletions],
  });
  const modelMeta = `meta_${modelId}`;
  const modelAnnotation = annotationXml(modelMeta, citationUris(model.citation));
  const list = (name: string, items: string[]) => (items.length ? element(name, {}, items) : '');
  const mostCommon = mostFrequent(substanceUnits);
  const body = element('model', {
    metaid: modelAnnotation ? modelMeta : undefined,
    id: modelId,
    name: model.title,
    substanceUnits: mostCommon,
    timeUnits: timeUnitId,
    volumeUnits: 'litre',
    extentUnits: mostCommon,
  }, [
    notesElement,
    modelAnnotation,
    ctx.usesMod ? element('listOfFunctionDefinitions', {}, [element('functionDefinition', { id: modFunctionId, name: 'floored modulo, as bonesim computes mod and %' }, [modLambda()])]) : '',
    units.toXml(),
    element('listOfCompartments', {}, [element('compartment', {
      id: compartmentId, name: 'bone microenvironment (unit volume: bonesim concentrations are per litre of it)',
      spatialDimensions: 3, size: 1, units: 'litre', constant: true,
    })]),
    list('listOfSpecies', speciesXml),
    list('listOfParameters', [...stateParameterXml, ...parameterXml]),
    list('listOfInitialAssignments', initialAssignments),
    list('listOfRules', rules),
    list('listOfEvents', eventXml),
  ].filter(Boolean));
  const xml = `${XML_DECLARATION}\n${indentXml(element('sbml', { xmlns: SBML_L3V2_NS, level: 3, version: 2 }, [body]))}\n`;
  return { xml, notes };
}

function mostFrequent(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}
