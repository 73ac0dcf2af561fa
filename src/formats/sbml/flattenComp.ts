import { inputError } from '../../errors.ts';
import type { SBaseRef, SbmlDocument, SbmlModel } from './document.ts';
import { mapModelMath, renameModel } from './renameModel.ts';
import type { SbmlMath } from './mathml.ts';

/**
 * SBML comp (hierarchical models) flattened into one model, the way libSBML's flattening
 * does it: every submodel's elements are copied in with ids prefixed by the submodel's id
 * ("sub1__k1"), deletions removed, and each replaced element merged into its replacement
 * (references redirected, with the replacement's conversion factor applied to values read and
 * written). Submodel time and extent conversion factors scale the submodel's time, rates and
 * delays. External model definitions (other files) are refused.
 */
export function flattenComp(document: SbmlDocument): SbmlModel {
  if (document.model.comp.submodels.length === 0 && document.model.comp.replacements.length === 0) return document.model;
  return new Flattening(document).instantiate(document.model, '', []).model;
}

interface Instance {
  model: SbmlModel;
  /** Ids of the definition -> ids in the flat model (before aliases). */
  ids: Map<string, string>;
  metaids: Map<string, string>;
  ports: Map<string, { idRef?: string; metaIdRef?: string; unitRef?: string }>;
  submodels: Map<string, Instance>;
}

const num = (value: number): SbmlMath => ({ kind: 'num', value });

class Flattening {
  /** A flat id merged into another (replaced, or replaced by): follow to the survivor. */
  private readonly alias = new Map<string, string>();

  constructor(private readonly document: SbmlDocument) {}

  private fail(problem: string, line: number | undefined, hint?: string) {
    return inputError(problem, { file: this.document.file, line }, hint ?? 'check the comp references (ids, ports and submodels)');
  }

  private survivor(id: string): string {
    let current = id;
    for (let guard = 0; this.alias.has(current) && guard < 1000; guard++) current = this.alias.get(current)!;
    return current;
  }

  instantiate(definition: SbmlModel, prefix: string, stack: string[]): Instance {
    if (stack.includes(definition.id)) throw this.fail(`model definition "${definition.id}" contains itself (${[...stack, definition.id].join(' -> ')})`, definition.line);
    const ids = new Map<string, string>();
    const metaids = new Map<string, string>();
    const own = collectIds(definition);
    for (const id of own.ids) ids.set(id, prefix + id);
    for (const metaid of own.metaids) metaids.set(metaid, prefix + metaid);
    const model = prefix === '' ? structuredClone(definition) : renameModel(structuredClone(definition), (id) => ids.get(id) ?? id, (m) => metaids.get(m) ?? m);
    const instance: Instance = { model, ids, metaids, ports: new Map(), submodels: new Map() };
    for (const port of definition.comp.ports) instance.ports.set(port.id, { idRef: port.idRef, metaIdRef: port.metaIdRef, unitRef: port.unitRef });

    for (const submodel of definition.comp.submodels) {
      const child = this.childDefinition(submodel.modelRef, submodel.line);
      const inner = this.instantiate(child, `${prefix}${submodel.id}__`, [...stack, definition.id]);
      instance.submodels.set(submodel.id, inner);
      ids.set(submodel.id, `${prefix}${submodel.id}`);
      for (const deletion of submodel.deletions) {
        const target = this.resolve(deletion, inner, submodel.line);
        if (target) removeElement(inner.model, target);
      }
      const time = submodel.timeConversionFactor ? { kind: 'ci' as const, name: ids.get(submodel.timeConversionFactor) ?? submodel.timeConversionFactor } : undefined;
      const extent = submodel.extentConversionFactor ? { kind: 'ci' as const, name: ids.get(submodel.extentConversionFactor) ?? submodel.extentConversionFactor } : undefined;
      if (time || extent) convertTimeAndExtent(inner.model, time, extent);
      merge(model, inner.model);
    }

    for (const replacement of definition.comp.replacements) {
      const mine = ids.get(replacement.element) ?? metaids.get(replacement.element) ?? prefix + replacement.element;
      const submodelRef = replacement.ref.submodelRef;
      const sub = submodelRef ? instance.submodels.get(submodelRef) : undefined;
      if (!sub) throw this.fail(`"${replacement.element}" replaces an element of submodel "${submodelRef ?? ''}", which is not a submodel of "${definition.id}"`, replacement.ref.line);
      if (replacement.ref.deletion) continue; // replacing a deletion: nothing left to merge
      const target = this.resolve(replacement.ref, sub, replacement.ref.line);
      if (!target) continue; // a unit definition: units are not merged
      const survivor = this.survivor(mine);
      const replaced = this.survivor(target);
      if (survivor === replaced) continue;
      if (replacement.kind === 'replacedElement') {
        const factor = replacement.ref.conversionFactor ? ids.get(replacement.ref.conversionFactor) ?? replacement.ref.conversionFactor : undefined;
        redirect(model, replaced, survivor, factor);
        removeElement(model, replaced, survivor);
        this.alias.set(replaced, survivor);
      } else {
        // replacedBy: the submodel's element takes this element's place, and its id.
        removeElement(model, survivor, replaced);
        redirect(model, replaced, survivor, undefined);
        renameElement(model, replaced, survivor);
        this.alias.set(replaced, survivor);
      }
    }
    model.comp = { submodels: [], ports: [], replacements: [] };
    return instance;
  }

  private childDefinition(modelRef: string, line: number): SbmlModel {
    const definition = this.document.modelDefinitions.get(modelRef);
    if (definition) return definition;
    if (this.document.externalModelDefinitions.has(modelRef)) {
      const external = this.document.externalModelDefinitions.get(modelRef)!;
      throw this.fail(`submodel model "${modelRef}" is an external model definition (${external.source})`, external.line,
        'bonesim reads one file: flatten the model with libSBML first');
    }
    throw this.fail(`the submodel's modelRef "${modelRef}" names no model definition`, line);
  }

  /** The flat id an SBaseRef points to inside a submodel instance (undefined for a unit). */
  private resolve(ref: SBaseRef, instance: Instance, line: number): string | undefined {
    if (ref.unitRef) return undefined;
    if (ref.portRef) {
      const port = instance.ports.get(ref.portRef);
      if (!port) throw this.fail(`the port "${ref.portRef}" does not exist`, line);
      if (port.unitRef) return undefined;
      return this.resolve({ line, idRef: port.idRef, metaIdRef: port.metaIdRef, child: ref.child }, instance, line);
    }
    if (ref.idRef !== undefined) {
      if (ref.child) {
        const sub = instance.submodels.get(ref.idRef);
        if (!sub) throw this.fail(`"${ref.idRef}" is not a submodel, but a reference goes through it`, line);
        return this.resolve(ref.child, sub, line);
      }
      const id = instance.ids.get(ref.idRef);
      if (!id) throw this.fail(`the reference "${ref.idRef}" names nothing in the submodel`, line);
      return this.survivor(id);
    }
    if (ref.metaIdRef !== undefined) {
      const id = instance.metaids.get(ref.metaIdRef);
      if (!id) throw this.fail(`the metaid reference "${ref.metaIdRef}" names nothing in the submodel`, line);
      if (ref.child) {
        const sub = [...instance.submodels.entries()].find(([name]) => instance.ids.get(name) === id)?.[1];
        if (sub) return this.resolve(ref.child, sub, line);
      }
      return this.survivor(metaElementId(instance.model, id) ?? id);
    }
    throw this.fail('a comp reference names nothing (no idRef, metaIdRef, portRef or unitRef)', line);
  }
}

/** Ids and metaids a definition declares itself (not its submodels'). */
function collectIds(m: SbmlModel): { ids: string[]; metaids: string[] } {
  const ids: string[] = [];
  const metaids: string[] = [];
  const add = (x: { id?: string; metaid?: string }) => {
    if (x.id) ids.push(x.id);
    if (x.metaid) metaids.push(x.metaid);
  };
  [...m.functions, ...m.compartments, ...m.species, ...m.parameters, ...m.initialAssignments, ...m.rules, ...m.events].forEach(add);
  for (const r of m.reactions) {
    add(r);
    [...r.reactants, ...r.products, ...r.modifiers].forEach(add);
    if (r.kineticLaw?.metaid) metaids.push(r.kineticLaw.metaid);
  }
  for (const e of m.events) {
    e.assignments.forEach(add);
    if (e.delayMetaid) metaids.push(e.delayMetaid);
    if (e.priorityMetaid) metaids.push(e.priorityMetaid);
  }
  for (const r of m.reactions) for (const lp of r.kineticLaw?.localParameters ?? []) if (lp.metaid) metaids.push(lp.metaid);
  for (const s of m.comp.submodels) ids.push(s.id);
  for (const p of m.comp.ports) ids.push(p.id);
  return { ids, metaids };
}

/** For a metaid of an element that also has an id, that id (references to it go by id). */
function metaElementId(m: SbmlModel, metaid: string): string | undefined {
  const all: Array<{ id?: string; metaid?: string }> = [...m.compartments, ...m.species, ...m.parameters, ...m.reactions, ...m.events,
    ...m.reactions.flatMap((r) => [...r.reactants, ...r.products])];
  const found = all.find((x) => x.metaid === metaid);
  return found?.id ?? metaid;
}

function merge(into: SbmlModel, from: SbmlModel): void {
  into.functions.push(...from.functions);
  into.compartments.push(...from.compartments);
  into.species.push(...from.species);
  into.parameters.push(...from.parameters);
  into.initialAssignments.push(...from.initialAssignments);
  into.rules.push(...from.rules);
  into.reactions.push(...from.reactions);
  into.events.push(...from.events);
  into.constraints.push(...from.constraints);
  for (const [id, u] of from.unitDefinitions) if (!into.unitDefinitions.has(id)) into.unitDefinitions.set(id, u);
}

/**
 * Remove an element (by id or metaid). When it is being replaced (`by` given), what only it
 * carried over from its submodel (its rules and initial assignments) stays and now sets the replacement.
 */
function removeElement(m: SbmlModel, target: string, by?: string): void {
  const keep = <T extends { id?: string; metaid?: string }>(list: T[]) => list.filter((x) => x.id !== target && x.metaid !== target);
  const hadId = [...m.compartments, ...m.species, ...m.parameters, ...m.reactions].some((x) => x.id === target);
  m.functions = keep(m.functions);
  m.compartments = keep(m.compartments);
  m.species = keep(m.species);
  m.parameters = keep(m.parameters);
  m.reactions = keep(m.reactions).map((r) => ({
    ...r,
    reactants: keep(r.reactants),
    products: keep(r.products),
    modifiers: keep(r.modifiers),
    kineticLaw: r.kineticLaw && r.kineticLaw.metaid === target ? undefined : r.kineticLaw,
  }));
  m.events = keep(m.events).map((e) => ({
    ...e,
    assignments: keep(e.assignments),
    delay: e.delayMetaid === target ? undefined : e.delay,
    priority: e.priorityMetaid === target ? undefined : e.priority,
  }));
  for (const r of m.reactions) {
    if (r.kineticLaw) r.kineticLaw.localParameters = r.kineticLaw.localParameters.filter((lp) => lp.metaid !== target);
  }
  m.initialAssignments = keep(m.initialAssignments);
  m.rules = keep(m.rules);
  if (!by && hadId) {
    // A deleted variable takes its rules and initial assignments with it.
    m.initialAssignments = m.initialAssignments.filter((ia) => ia.symbol !== target);
    m.rules = m.rules.filter((r) => r.variable !== target);
    m.events = m.events.map((e) => ({ ...e, assignments: e.assignments.filter((a) => a.variable !== target) }));
  }
}

/**
 * Every reference to `from` becomes `to`: reads of `from` see to / factor, writes to `from`
 * (rules, initial and event assignments) write factor * value to `to`.
 */
function redirect(m: SbmlModel, from: string, to: string, factor: string | undefined): void {
  const read: SbmlMath = factor
    ? { kind: 'apply', op: 'divide', args: [{ kind: 'ci', name: to }, { kind: 'ci', name: factor }] }
    : { kind: 'ci', name: to };
  mapModelMath(m, (name) => (name === from ? read : undefined));
  const scaled = (math: SbmlMath | undefined) => (math && factor ? { kind: 'apply' as const, op: 'times', args: [{ kind: 'ci' as const, name: factor }, math] } : math);
  for (const ia of m.initialAssignments) if (ia.symbol === from) Object.assign(ia, { symbol: to, math: scaled(ia.math) });
  for (const r of m.rules) if (r.variable === from) Object.assign(r, { variable: to, math: scaled(r.math) });
  for (const e of m.events) for (const a of e.assignments) if (a.variable === from) Object.assign(a, { variable: to, math: scaled(a.math) });
  for (const s of m.species) {
    if (s.compartment === from) s.compartment = to;
    if (s.conversionFactor === from) s.conversionFactor = to;
  }
  if (m.conversionFactor === from) m.conversionFactor = to;
  for (const r of m.reactions) {
    if (r.compartment === from) r.compartment = to;
    for (const ref of [...r.reactants, ...r.products, ...r.modifiers]) if (ref.species === from) ref.species = to;
  }
}

function renameElement(m: SbmlModel, from: string, to: string): void {
  for (const list of [m.compartments, m.species, m.parameters, m.reactions, m.events, m.functions] as Array<Array<{ id?: string }>>) {
    for (const x of list) if (x.id === from) x.id = to;
  }
  for (const r of m.reactions) for (const ref of [...r.reactants, ...r.products]) if (ref.id === from) ref.id = to;
}

/** A submodel's time runs `time` times slower than the parent's, and its extents are `extent` times the parent's. */
function convertTimeAndExtent(m: SbmlModel, time: SbmlMath | undefined, extent: SbmlMath | undefined): void {
  const times = (a: SbmlMath, b: SbmlMath): SbmlMath => ({ kind: 'apply', op: 'times', args: [a, b] });
  const divide = (a: SbmlMath, b: SbmlMath): SbmlMath => ({ kind: 'apply', op: 'divide', args: [a, b] });
  // The submodel's math reads its reactions' rates in its own extent and time units.
  const reactions = new Set(m.reactions.map((r) => r.id));
  mapModelMath(m, (name) => {
    if (!reactions.has(name)) return undefined;
    let rate: SbmlMath = { kind: 'ci', name };
    if (extent) rate = divide(rate, extent);
    if (time) rate = times(rate, time);
    return rate;
  });
  if (time) {
    mapModelMath(m, () => undefined, (node) => {
      if (node.kind === 'time') return divide(node, time);
      if (node.kind === 'apply' && node.op === 'delay' && node.args.length === 2) return { ...node, args: [node.args[0], times(node.args[1], time)] };
      return undefined;
    });
    for (const r of m.rules) if (r.kind === 'rate' && r.math) r.math = divide(r.math, time);
    for (const e of m.events) if (e.delay) e.delay = times(e.delay, time);
  }
  for (const r of m.reactions) {
    if (!r.kineticLaw?.math) continue;
    let law = r.kineticLaw.math;
    if (extent) law = times(law, extent);
    if (time) law = divide(law, time);
    r.kineticLaw.math = law;
  }
  void num;
}
