import type { Model } from '../../model/model.ts';
import { notesXml, type NoteBlock } from './exportNotes.ts';
import type { SpeciesKind } from './speciesKind.ts';
import { hasSymbolicExponent } from './unitDefinitions.ts';

/** What an export did: how bonesim's data is written, and what SBML does not carry. */
export interface ExportNotes {
  mapping: string[];
  notCarried: string[];
}

/** Forward declaration of the scenario part the notes read (see exportModel.ts). */
interface ScenarioNotesSource {
  id: string;
  title: string;
  description: string;
  source?: string;
  notes: ExportNotes;
}

export interface NotesInfo {
  kinds: ReadonlyMap<string, SpeciesKind>;
  startValues: ReadonlyMap<string, string>;
  compartmentId: string;
  usesMod: boolean;
  /** Quantities the export added for powers SBML could not unit-check otherwise. */
  addedExponents: string[];
  /** Quantities without a declared unit (a model imported from an SBML file that declared none). */
  withoutUnit: string[];
  /** Numbers in event values that took their target's unit: "(target): 5 ug". */
  unitCompletions: string[];
}

export interface DocumentNotes {
  notes: ExportNotes;
  /** The model element's <notes>. */
  xml: string;
}

/** The model's notes: title, description, citation, how the SBML was made, and what it leaves out. */
export function documentNotes(model: Model, scenario: ScenarioNotesSource | undefined, info: NotesInfo): DocumentNotes {
  const names = (kind: SpeciesKind) => model.species.filter((s) => info.kinds.get(s.name) === kind).map((s) => `${s.name} (${s.unit})`);
  const mapping: string[] = [];
  mapping.push(`Time is in ${model.timeUnit}s (the model's timeUnits)${model.timeUnit === 'year' ? '; a year is the Julian year of 365.25 days' : ''}.`);
  const concentrations = names('concentration');
  if (concentrations.length) {
    mapping.push(`Concentration states are species in the compartment ${info.compartmentId} of 1 litre, with hasOnlySubstanceUnits="false" so that ` +
      `each species' value is its concentration and its rate rule is bonesim's rate: ${concentrations.join(', ')}.`);
  }
  const amounts = names('amount');
  if (amounts.length) mapping.push(`Amount states are species with hasOnlySubstanceUnits="true" (the value is the amount) and bonesim's rate as a rate rule: ${amounts.join(', ')}.`);
  const stateParameters = names('parameter');
  if (stateParameters.length) {
    mapping.push(`States that are neither amounts nor concentrations are parameters with a rate rule (COPASI: global quantities of type ODE): ${stateParameters.join(', ')}.`);
  }
  mapping.push('No state is split into reactions: bonesim gives each state one rate, and a rate rule keeps it exactly as written.');
  if (model.inputs.length) {
    mapping.push(`Inputs (exogenous signals) are non-constant parameters${scenario ? '' : ' at their defaults'}: ${model.inputs.map((i) => i.name).join(', ')}.`);
  }
  if (model.expressions.length || model.observables.length) mapping.push('Named expressions and observables are parameters computed by assignment rules.');
  if (info.usesMod) mapping.push('mod(a, b) (and a % b) is the function definition mod = a - b floor(a / b), the floored modulo bonesim computes.');
  if (info.addedExponents.length) {
    mapping.push(`Exponents computed from other quantities are assignment rules of their own, so that unit checks can read their value (the export adds them): ${info.addedExponents.join(', ')}.`);
  }
  mapping.push('Numbers in the math carry sbml:units; parameter descriptions and sources are in each element\'s notes; gene products are MIRIAM annotations (identifiers.org).');

  const notCarried: string[] = [];
  if (info.withoutUnit.length) {
    notCarried.push(`Quantities without a unit (the model came from a file that declared none) are written without one, so unit checks cannot cover them: ${info.withoutUnit.join(', ')}.`);
  }
  const symbolic = [...model.parameters, ...model.inputs, ...model.species].filter((x) => x.unit !== 'unknown' && hasSymbolicExponent(x.unit));
  if (symbolic.length) {
    notCarried.push(`Units with parameter exponents (${symbolic.map((x) => `${x.name}: ${x.unit}`).join('; ')}) are written at the model's parameter values: ` +
      'SBML unit exponents are numbers, so with other values of those parameters the unit definitions no longer describe them.');
  }
  if (model.species.some((s) => s.nonnegative)) {
    notCarried.push('bonesim stops a run that drives a non-negative species below zero; SBML has no such check (each species\' notes say which).');
  }
  if (model.invariants) notCarried.push('The model\'s invariants (claims its property tests check) are bonesim-only and not in the SBML.');
  if (Object.keys(model.roles).length) notCarried.push('Roles (which quantity is the bone volume, the active osteoclasts, ...) are listed in the notes only.');
  if (scenario) {
    mapping.push(...scenario.notes.mapping);
    if (info.unitCompletions.length) {
      mapping.push(`bonesim reads an event's value in the unit of what it sets, so the numbers in event values carry the unit that makes this so: ${info.unitCompletions.join('; ')}.`);
    }
    notCarried.push(...scenario.notes.notCarried);
  }

  const blocks: Array<NoteBlock | undefined> = [
    { heading: model.title },
    model.description ? { paragraph: model.description } : undefined,
    { paragraph: `Citation: ${model.citation}` },
    model.notes ? { paragraph: model.notes } : undefined,
    scenario ? { heading: `Scenario ${scenario.id}: ${scenario.title}` } : undefined,
    scenario ? { paragraph: scenario.description } : undefined,
    scenario?.source ? { paragraph: `Source: ${scenario.source}` } : undefined,
    { heading: 'How this SBML was made' },
    { paragraph: `Exported by bonesim from its model ${model.id}${scenario ? ` with the scenario ${scenario.id}` : ''}.` },
    { list: mapping },
    Object.keys(model.roles).length ? { heading: 'Roles' } : undefined,
    Object.keys(model.roles).length ? { list: Object.entries(model.roles).map(([role, name]) => `${role}: ${name}`) } : undefined,
    notCarried.length ? { heading: 'What SBML does not carry' } : undefined,
    { list: notCarried },
  ];
  return { notes: { mapping, notCarried }, xml: notesXml(blocks) };
}
