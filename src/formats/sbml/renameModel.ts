import type { SbmlModel } from './document.ts';
import type { SbmlMath } from './mathml.ts';

/**
 * Rewrite every math of a model: `ci` names through `name` (undefined keeps the node), any
 * other node through `node`. Local parameters of a kinetic law and a lambda's own arguments
 * are not model ids and are left alone.
 */
export function mapModelMath(
  m: SbmlModel,
  name: (id: string) => SbmlMath | undefined,
  node: (math: SbmlMath) => SbmlMath | undefined = () => undefined,
  respectLocals = true,
): void {
  const map = (math: SbmlMath | undefined, bound: ReadonlySet<string> = new Set()): SbmlMath | undefined =>
    math === undefined ? undefined : mapMath(math, name, node, bound);
  for (const f of m.functions) f.math = map(f.math);
  for (const ia of m.initialAssignments) ia.math = map(ia.math);
  for (const r of m.rules) r.math = map(r.math);
  for (const r of m.reactions) {
    for (const ref of [...r.reactants, ...r.products]) ref.stoichiometryMath = map(ref.stoichiometryMath);
    if (r.kineticLaw) r.kineticLaw.math = map(r.kineticLaw.math, new Set(respectLocals ? r.kineticLaw.localParameters.map((p) => p.id) : []));
  }
  for (const e of m.events) {
    if (e.trigger) e.trigger.math = map(e.trigger.math);
    e.delay = map(e.delay);
    e.priority = map(e.priority);
    for (const a of e.assignments) a.math = map(a.math);
  }
}

function mapMath(
  math: SbmlMath,
  name: (id: string) => SbmlMath | undefined,
  node: (math: SbmlMath) => SbmlMath | undefined,
  bound: ReadonlySet<string>,
): SbmlMath {
  const replaced = node(math);
  if (replaced) return replaced;
  const next = (m: SbmlMath) => mapMath(m, name, node, bound);
  switch (math.kind) {
    case 'ci':
      return bound.has(math.name) ? math : name(math.name) ?? math;
    case 'apply': {
      const args = math.args.map(next);
      if (math.user) {
        const renamed = name(math.op);
        if (renamed?.kind === 'ci') return { ...math, op: renamed.name, args };
      }
      if (math.op === 'rateOf' && math.args[0]?.kind === 'ci') {
        // rateOf takes an id, not a value: keep it an id.
        const target = name(math.args[0].name);
        return { ...math, args: [target?.kind === 'ci' ? target : math.args[0]] };
      }
      return { ...math, args };
    }
    case 'piecewise':
      return { kind: 'piecewise', pieces: math.pieces.map((p) => ({ value: next(p.value), condition: next(p.condition) })), otherwise: math.otherwise && next(math.otherwise) };
    case 'lambda':
      return { kind: 'lambda', parameters: math.parameters, body: mapMath(math.body, name, node, new Set([...bound, ...math.parameters])) };
    default:
      return math;
  }
}

/** Rename every id and metaid a model declares or refers to. */
export function renameModel(m: SbmlModel, id: (id: string) => string, metaid: (metaid: string) => string): SbmlModel {
  const ref = (x: string | undefined) => (x === undefined ? undefined : id(x));
  const meta = (x: string | undefined) => (x === undefined ? undefined : metaid(x));
  // Local parameters are renamed like the ids they shadow, so a deleted local leaves its law reading the global.
  mapModelMath(m, (name) => ({ kind: 'ci', name: id(name) }), undefined, false);
  for (const f of m.functions) Object.assign(f, { id: id(f.id), metaid: meta(f.metaid) });
  for (const c of m.compartments) Object.assign(c, { id: id(c.id), metaid: meta(c.metaid) });
  for (const s of m.species) Object.assign(s, { id: id(s.id), metaid: meta(s.metaid), compartment: id(s.compartment), conversionFactor: ref(s.conversionFactor) });
  for (const p of m.parameters) Object.assign(p, { id: id(p.id), metaid: meta(p.metaid) });
  for (const ia of m.initialAssignments) Object.assign(ia, { symbol: id(ia.symbol), id: ref(ia.id), metaid: meta(ia.metaid) });
  for (const r of m.rules) Object.assign(r, { variable: ref(r.variable), id: ref(r.id), metaid: meta(r.metaid) });
  for (const r of m.reactions) {
    Object.assign(r, { id: id(r.id), metaid: meta(r.metaid), compartment: ref(r.compartment) });
    for (const s of [...r.reactants, ...r.products, ...r.modifiers]) Object.assign(s, { species: id(s.species), id: ref(s.id), metaid: meta(s.metaid) });
    if (r.kineticLaw) {
      r.kineticLaw.metaid = meta(r.kineticLaw.metaid);
      for (const lp of r.kineticLaw.localParameters) Object.assign(lp, { id: id(lp.id), metaid: meta(lp.metaid) });
    }
  }
  for (const e of m.events) {
    Object.assign(e, { id: ref(e.id), metaid: meta(e.metaid), delayMetaid: meta(e.delayMetaid), priorityMetaid: meta(e.priorityMetaid) });
    for (const a of e.assignments) Object.assign(a, { variable: id(a.variable), id: ref(a.id), metaid: meta(a.metaid) });
  }
  m.conversionFactor = ref(m.conversionFactor);
  return m;
}
