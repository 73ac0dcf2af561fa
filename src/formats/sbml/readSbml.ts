import { inputError } from '../../errors.ts';
import type {
  CompModelData, Compartment, FbcModelData, FunctionDefinition, Parameter, Reaction, Replacement, Rule, SBaseRef, SbmlDocument,
  SbmlEvent, SbmlModel, Species, SpeciesReference, UnitDefinition,
} from './document.ts';
import { readMath, type SbmlMath } from './mathml.ts';
import { CHILD, childNamed, childrenNamed, parseXml, type XmlElement } from './xml.ts';

export const COMP_NS = 'http://www.sbml.org/sbml/level3/version1/comp/version1';
const FBC_PREFIX = 'http://www.sbml.org/sbml/level3/version1/fbc/version';

/**
 * SBML text -> the document as plain data. Pure: no files, no evaluation. Levels 2 and 3 are
 * read into one shape (Level 2's defaults become explicit). Anything malformed is an input
 * error naming the element, its id and the line.
  *
 * @example
 * ```ts
 * const document = readSbml(readFileSync('model.xml', 'utf8'), 'model.xml');
 */
export function readSbml(text: string, file?: string): SbmlDocument {
  const root = parseXml(text, file);
  if (root.name !== 'sbml') {
    throw inputError(`the file's root element is <${root.name}>, not <sbml>`, { file, line: root.line }, 'give an SBML file');
  }
  const level = Number(root.attributes.level);
  const version = Number(root.attributes.version);
  if (level !== 2 && level !== 3) {
    throw inputError(`SBML Level ${root.attributes.level ?? '(none)'} is not supported`, { file, line: root.line },
      'bonesim reads SBML Levels 2 and 3; convert a Level 1 file with libSBML first');
  }
  const reader = new Reader(file, level, version);
  const modelElement = childNamed(root, 'model');
  if (!modelElement) throw inputError('the <sbml> element holds no <model>', { file, line: root.line }, 'an SBML file needs one <model>');

  const packages: SbmlDocument['packages'] = [];
  for (const [key, value] of Object.entries(root.nsAttributes)) {
    const [uri, local] = key.split(' ');
    if (local === 'required') packages.push({ name: packageName(uri), required: value === 'true', uri });
  }
  const modelDefinitions = new Map<string, SbmlModel>();
  const externalModelDefinitions: SbmlDocument['externalModelDefinitions'] = new Map();
  const definitions = childNamed(root, 'listOfModelDefinitions', COMP_NS);
  for (const element of definitions?.children ?? []) {
    if (element.name !== 'modelDefinition') continue;
    const definition = reader.model(element);
    modelDefinitions.set(definition.id, definition);
  }
  const externals = childNamed(root, 'listOfExternalModelDefinitions', COMP_NS);
  for (const element of externals?.children ?? []) {
    if (element.name !== 'externalModelDefinition') continue;
    const id = reader.compAttr(element, 'id') ?? '';
    externalModelDefinitions.set(id, { source: reader.compAttr(element, 'source') ?? '', modelRef: reader.compAttr(element, 'modelRef'), line: element.line });
  }
  return { level, version, file, model: reader.model(modelElement), modelDefinitions, externalModelDefinitions, packages };
}

function packageName(uri: string): string {
  const match = /\/level3\/version\d\/([a-z]+)\//.exec(uri);
  return match ? match[1] : uri;
}

class Reader {
  constructor(readonly file: string | undefined, readonly level: number, readonly version: number) {}

  error(problem: string, element: XmlElement, hint?: string) {
    return inputError(problem, { file: this.file, line: element.line }, hint ?? 'correct the SBML (validate it with libSBML to see every problem)');
  }

  compAttr(element: XmlElement, name: string): string | undefined {
    return element.nsAttributes[`${COMP_NS} ${name}`];
  }

  private fbcAttr(element: XmlElement, name: string): string | undefined {
    for (const [key, value] of Object.entries(element.nsAttributes)) if (key.startsWith(FBC_PREFIX) && key.endsWith(` ${name}`)) return value;
    return undefined;
  }

  /** The element's id: core `id`, or in a comp model definition `id` too (comp:id on submodels and ports). */
  private id(element: XmlElement, what: string, required = true): string {
    const id = element.attributes.id;
    if (id === undefined) {
      if (!required) return '';
      throw this.error(`a <${element.name}> has no id`, element, `give every ${what} an id`);
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) throw this.error(`the ${what} id "${id}" is not a valid SBML id`, element, 'SBML ids are letters, digits and _, not starting with a digit');
    return id;
  }

  private number(element: XmlElement, name: string, owner: string): number | undefined {
    const text = element.attributes[name];
    if (text === undefined) return undefined;
    const t = text.trim();
    if (/^[+-]?INF$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (t === 'NaN') return Number.NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw this.error(`${name}="${text}" of ${owner} is not a number`, element);
    return Number(t);
  }

  private boolean(element: XmlElement, name: string, fallback: boolean, owner: string): boolean {
    const text = element.attributes[name];
    if (text === undefined) return fallback;
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    throw this.error(`${name}="${text}" of ${owner} is not true or false`, element);
  }

  private math(element: XmlElement | undefined, owner: string): SbmlMath | undefined {
    if (!element) return undefined;
    const math = childNamed(element, 'math');
    return math ? readMath(math, { file: this.file, owner }) : undefined;
  }

  private list(parent: XmlElement, listName: string, itemName: string): XmlElement[] {
    const list = childNamed(parent, listName);
    return list ? childrenNamed(list, itemName) : [];
  }

  model(element: XmlElement): SbmlModel {
    const a = element.attributes;
    const model: SbmlModel = {
      id: a.id ?? 'model',
      name: a.name,
      line: element.line,
      notes: notesText(childNamed(element, 'notes')),
      substanceUnits: a.substanceUnits,
      timeUnits: a.timeUnits,
      volumeUnits: a.volumeUnits,
      extentUnits: a.extentUnits,
      conversionFactor: a.conversionFactor,
      unitDefinitions: new Map(),
      functions: [],
      compartments: [],
      species: [],
      parameters: [],
      initialAssignments: [],
      rules: [],
      reactions: [],
      events: [],
      constraints: [],
      comp: { submodels: [], ports: [], replacements: [] },
    };
    for (const u of this.list(element, 'listOfUnitDefinitions', 'unitDefinition')) {
      const def = this.unitDefinition(u);
      model.unitDefinitions.set(def.id, def);
    }
    model.functions = this.list(element, 'listOfFunctionDefinitions', 'functionDefinition').map((f) => this.functionDefinition(f));
    model.compartments = this.list(element, 'listOfCompartments', 'compartment').map((c) => this.compartment(c, model.comp));
    model.species = this.list(element, 'listOfSpecies', 'species').map((s) => this.species(s, model.comp));
    model.parameters = this.list(element, 'listOfParameters', 'parameter').map((p) => this.parameter(p, model.comp));
    model.initialAssignments = this.list(element, 'listOfInitialAssignments', 'initialAssignment').map((e) => {
      const symbol = e.attributes.symbol;
      if (!symbol) throw this.error('an <initialAssignment> has no symbol', e, 'name the variable it assigns in symbol=');
      this.replacements(e, e.attributes.id ?? e.attributes.metaid, 'initialAssignment', model.comp);
      return { symbol, id: e.attributes.id, metaid: e.attributes.metaid, line: e.line, math: this.math(e, `the initialAssignment of "${symbol}"`) };
    });
    const rules = childNamed(element, 'listOfRules');
    for (const r of rules?.children ?? []) {
      const kind = r.name === 'assignmentRule' ? 'assignment' : r.name === 'rateRule' ? 'rate' : r.name === 'algebraicRule' ? 'algebraic' : undefined;
      if (!kind) continue;
      const variable = r.attributes.variable;
      if (kind !== 'algebraic' && !variable) throw this.error(`a <${r.name}> has no variable`, r, 'name the variable the rule sets');
      this.replacements(r, r.attributes.id ?? r.attributes.metaid, r.name, model.comp);
      const rule: Rule = { kind, variable, id: r.attributes.id, metaid: r.attributes.metaid, line: r.line, math: this.math(r, `the ${r.name}${variable ? ` of "${variable}"` : ''}`) };
      model.rules.push(rule);
    }
    model.constraints = this.list(element, 'listOfConstraints', 'constraint').map((c) => ({ line: c.line }));
    model.reactions = this.list(element, 'listOfReactions', 'reaction').map((r) => this.reaction(r, model.comp));
    model.events = this.list(element, 'listOfEvents', 'event').map((e) => this.event(e, model.comp));
    this.compPackage(element, model.comp);
    model.fbc = this.fbcPackage(element, model);
    return model;
  }

  private unitDefinition(element: XmlElement): UnitDefinition {
    const id = this.id(element, 'unitDefinition');
    const units = this.list(element, 'listOfUnits', 'unit').map((u) => ({
      kind: u.attributes.kind ?? '',
      exponent: this.number(u, 'exponent', `a unit of "${id}"`) ?? 1,
      scale: this.number(u, 'scale', `a unit of "${id}"`) ?? 0,
      multiplier: this.number(u, 'multiplier', `a unit of "${id}"`) ?? 1,
    }));
    return { id, units, line: element.line };
  }

  private functionDefinition(element: XmlElement): FunctionDefinition {
    const id = this.id(element, 'functionDefinition');
    return { id, metaid: element.attributes.metaid, line: element.line, math: this.math(element, `the functionDefinition "${id}"`) };
  }

  private compartment(element: XmlElement, comp: CompModelData): Compartment {
    const id = this.id(element, 'compartment');
    const owner = `compartment "${id}"`;
    this.replacements(element, id, 'compartment', comp);
    const size = this.number(element, 'size', owner) ?? (this.level === 2 ? this.number(element, 'volume', owner) : undefined);
    const spatialDimensions = this.number(element, 'spatialDimensions', owner) ?? (this.level === 2 ? 3 : undefined);
    return {
      id, metaid: element.attributes.metaid, name: element.attributes.name, line: element.line, size, spatialDimensions, units: element.attributes.units,
      // Level 2: constant defaults to true; Level 3 requires it (missing: treat as true, as Level 2 did).
      constant: this.boolean(element, 'constant', true, owner),
    };
  }

  private species(element: XmlElement, comp: CompModelData): Species {
    const id = this.id(element, 'species');
    const owner = `species "${id}"`;
    this.replacements(element, id, 'species', comp);
    const compartment = element.attributes.compartment;
    if (!compartment) throw this.error(`${owner} names no compartment`, element, 'every species lives in a compartment (compartment="...")');
    return {
      id, metaid: element.attributes.metaid, name: element.attributes.name, line: element.line, compartment,
      initialAmount: this.number(element, 'initialAmount', owner),
      initialConcentration: this.number(element, 'initialConcentration', owner),
      substanceUnits: element.attributes.substanceUnits,
      hasOnlySubstanceUnits: this.boolean(element, 'hasOnlySubstanceUnits', false, owner),
      boundaryCondition: this.boolean(element, 'boundaryCondition', false, owner),
      constant: this.boolean(element, 'constant', false, owner),
      conversionFactor: element.attributes.conversionFactor,
    };
  }

  private parameter(element: XmlElement, comp: CompModelData): Parameter {
    const id = this.id(element, 'parameter');
    const owner = `parameter "${id}"`;
    this.replacements(element, id, 'parameter', comp);
    return {
      id, metaid: element.attributes.metaid, name: element.attributes.name, line: element.line,
      value: this.number(element, 'value', owner), units: element.attributes.units,
      constant: this.boolean(element, 'constant', true, owner),
    };
  }

  private speciesReference(element: XmlElement, reaction: string, comp: CompModelData): SpeciesReference {
    const species = element.attributes.species;
    if (!species) throw this.error(`a <speciesReference> of reaction "${reaction}" names no species`, element);
    const owner = `the reference to "${species}" in reaction "${reaction}"`;
    if (element.attributes.id) this.replacements(element, element.attributes.id, 'speciesReference', comp);
    const stoichiometryMath = this.level === 2 ? this.math(childNamed(element, 'stoichiometryMath'), `the stoichiometryMath of ${owner}`) : undefined;
    let stoichiometry = this.number(element, 'stoichiometry', owner);
    if (this.level === 2 && stoichiometry === undefined) stoichiometry = 1;
    const denominator = this.number(element, 'denominator', owner);
    if (stoichiometry !== undefined && denominator !== undefined) stoichiometry /= denominator;
    return {
      species, id: element.attributes.id, metaid: element.attributes.metaid, line: element.line, stoichiometry, stoichiometryMath,
      // Level 2 stoichiometries are constant unless stoichiometryMath gives them.
      constant: this.level === 2 ? stoichiometryMath === undefined : this.boolean(element, 'constant', true, owner),
    };
  }

  private reaction(element: XmlElement, comp: CompModelData): Reaction {
    const id = this.id(element, 'reaction');
    const owner = `reaction "${id}"`;
    this.replacements(element, id, 'reaction', comp);
    if (this.boolean(element, 'fast', false, owner)) {
      throw this.error(`${owner} is marked fast="true"`, element, 'bonesim does not solve fast reactions (rapid equilibrium); remove the attribute to treat it as an ordinary reaction, or rewrite it as an algebraic constraint');
    }
    const law = childNamed(element, 'kineticLaw');
    const localList = law ? childNamed(law, this.level === 2 ? 'listOfParameters' : 'listOfLocalParameters') ?? childNamed(law, 'listOfParameters') : undefined;
    const localParameters = (localList?.children ?? []).filter((p) => p.name === 'localParameter' || p.name === 'parameter').map((p) => ({
      id: this.id(p, 'local parameter'), metaid: p.attributes.metaid, value: this.number(p, 'value', `local parameter "${p.attributes.id}" of ${owner}`), units: p.attributes.units, line: p.line,
    }));
    return {
      id, metaid: element.attributes.metaid, name: element.attributes.name, line: element.line,
      reversible: this.boolean(element, 'reversible', true, owner),
      compartment: element.attributes.compartment,
      reactants: this.list(element, 'listOfReactants', 'speciesReference').map((r) => this.speciesReference(r, id, comp)),
      products: this.list(element, 'listOfProducts', 'speciesReference').map((r) => this.speciesReference(r, id, comp)),
      modifiers: this.list(element, 'listOfModifiers', 'modifierSpeciesReference').map((m) => ({ species: m.attributes.species ?? '', id: m.attributes.id, metaid: m.attributes.metaid })),
      kineticLaw: law && { math: this.math(law, `the kineticLaw of ${owner}`), localParameters, metaid: law.attributes.metaid, line: law.line },
      lowerFluxBound: this.fbcAttr(element, 'lowerFluxBound'),
      upperFluxBound: this.fbcAttr(element, 'upperFluxBound'),
    };
  }

  private event(element: XmlElement, comp: CompModelData): SbmlEvent {
    const id = element.attributes.id;
    const owner = `event${id ? ` "${id}"` : ` at line ${element.line}`}`;
    if (id) this.replacements(element, id, 'event', comp);
    const trigger = childNamed(element, 'trigger');
    const delay = childNamed(element, 'delay');
    const priority = childNamed(element, 'priority');
    return {
      id, metaid: element.attributes.metaid, name: element.attributes.name, line: element.line,
      useValuesFromTriggerTime: this.boolean(element, 'useValuesFromTriggerTime', true, owner),
      trigger: trigger && {
        math: this.math(trigger, `the trigger of ${owner}`),
        // Level 2 triggers fire only on a change from false to true after the start, and always persist.
        initialValue: this.level === 2 ? true : this.boolean(trigger, 'initialValue', true, `the trigger of ${owner}`),
        persistent: this.level === 2 ? true : this.boolean(trigger, 'persistent', true, `the trigger of ${owner}`),
        line: trigger.line,
      },
      delay: this.math(delay, `the delay of ${owner}`),
      priority: this.math(priority, `the priority of ${owner}`),
      delayMetaid: delay?.attributes.metaid,
      priorityMetaid: priority?.attributes.metaid,
      assignments: this.list(element, 'listOfEventAssignments', 'eventAssignment').map((ea) => {
        const variable = ea.attributes.variable;
        if (!variable) throw this.error(`an eventAssignment of ${owner} has no variable`, ea);
        if (ea.attributes.id ?? ea.attributes.metaid) this.replacements(ea, ea.attributes.id ?? ea.attributes.metaid, 'eventAssignment', comp);
        return { variable, id: ea.attributes.id, metaid: ea.attributes.metaid, line: ea.line, math: this.math(ea, `the eventAssignment to "${variable}" of ${owner}`) };
      }),
    };
  }

  private sBaseRef(element: XmlElement): SBaseRef {
    const child = childNamed(element, 'sBaseRef', COMP_NS);
    return {
      line: element.line,
      submodelRef: this.compAttr(element, 'submodelRef'),
      idRef: this.compAttr(element, 'idRef'),
      metaIdRef: this.compAttr(element, 'metaIdRef'),
      portRef: this.compAttr(element, 'portRef'),
      unitRef: this.compAttr(element, 'unitRef'),
      deletion: this.compAttr(element, 'deletion'),
      conversionFactor: this.compAttr(element, 'conversionFactor'),
      child: child ? this.sBaseRef(child) : undefined,
    };
  }

  /** comp: replacedElement / replacedBy children of any element. */
  private replacements(element: XmlElement, ownId: string | undefined, kind: string, comp: CompModelData): void {
    const list = childNamed(element, 'listOfReplacedElements', COMP_NS);
    const key = ownId ?? element.attributes.metaid ?? '';
    for (const r of list?.children ?? []) {
      if (r.name === 'replacedElement') comp.replacements.push({ element: key, elementKind: kind, kind: 'replacedElement', ref: this.sBaseRef(r) });
    }
    const by = childNamed(element, 'replacedBy', COMP_NS);
    if (by) comp.replacements.push({ element: key, elementKind: kind, kind: 'replacedBy', ref: this.sBaseRef(by) });
  }

  private compPackage(element: XmlElement, comp: CompModelData): void {
    const submodels = childNamed(element, 'listOfSubmodels', COMP_NS);
    for (const s of submodels?.children ?? []) {
      if (s.name !== 'submodel') continue;
      const deletions = childNamed(s, 'listOfDeletions', COMP_NS);
      comp.submodels.push({
        id: this.compAttr(s, 'id') ?? '',
        modelRef: this.compAttr(s, 'modelRef') ?? '',
        timeConversionFactor: this.compAttr(s, 'timeConversionFactor'),
        extentConversionFactor: this.compAttr(s, 'extentConversionFactor'),
        deletions: (deletions?.children ?? []).filter((d) => d.name === 'deletion').map((d) => this.sBaseRef(d)),
        line: s.line,
      });
    }
    const ports = childNamed(element, 'listOfPorts', COMP_NS);
    for (const p of ports?.children ?? []) {
      if (p.name !== 'port') continue;
      comp.ports.push({ id: this.compAttr(p, 'id') ?? '', idRef: this.compAttr(p, 'idRef'), metaIdRef: this.compAttr(p, 'metaIdRef'), unitRef: this.compAttr(p, 'unitRef'), line: p.line });
    }
  }

  private fbcPackage(element: XmlElement, model: SbmlModel): FbcModelData | undefined {
    const objectives = element.children.find((c) => c.name === 'listOfObjectives' && c.ns.startsWith(FBC_PREFIX));
    const bounds = element.children.find((c) => c.name === 'listOfFluxBounds' && c.ns.startsWith(FBC_PREFIX));
    const strict = this.fbcAttr(element, 'strict');
    if (!objectives && !bounds && strict === undefined && !model.reactions.some((r) => r.lowerFluxBound || r.upperFluxBound)) return undefined;
    const fbcAttr = (e: XmlElement, name: string) => this.fbcAttr(e, name);
    return {
      strict: strict === 'true',
      activeObjective: objectives ? fbcAttr(objectives, 'activeObjective') : undefined,
      objectives: (objectives?.children ?? []).filter((o) => o.name === 'objective').map((o) => ({
        id: fbcAttr(o, 'id') ?? '',
        type: fbcAttr(o, 'type') === 'minimize' ? 'minimize' as const : 'maximize' as const,
        fluxes: (o.children.find((c) => c.name === 'listOfFluxObjectives')?.children ?? []).filter((f) => f.name === 'fluxObjective').map((f) => ({
          reaction: fbcAttr(f, 'reaction') ?? '',
          coefficient: Number(fbcAttr(f, 'coefficient') ?? 'NaN'),
        })),
      })),
      fluxBounds: (bounds?.children ?? []).filter((b) => b.name === 'fluxBound').map((b) => ({
        reaction: fbcAttr(b, 'reaction') ?? '',
        operation: fbcAttr(b, 'operation') ?? '',
        value: Number(fbcAttr(b, 'value') ?? 'NaN'),
      })),
    };
  }
}

/** The text of <notes> (XHTML), tags dropped, whitespace collapsed. */
function notesText(notes: XmlElement | undefined): string | undefined {
  if (!notes) return undefined;
  const parts: string[] = [];
  const walk = (e: XmlElement) => {
    const pieces = e.text.split(CHILD);
    pieces.forEach((piece, i) => {
      parts.push(piece);
      if (i < e.children.length) walk(e.children[i]);
    });
    if (['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'tr'].includes(e.name)) parts.push(' ');
  };
  walk(notes);
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  return text || undefined;
}
