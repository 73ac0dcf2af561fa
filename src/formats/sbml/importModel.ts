import { BonesimError, inputError } from '../../errors.ts';
import { checkDimensions } from '../../model/dimensions.ts';
import { exprToString, symbolsOf, type Expr } from '../../model/expr.ts';
import type { Model, NamedExpression, Parameter, Species } from '../../model/model.ts';
import type { TimeUnit } from '../../model/timeUnits.ts';
import { solveAlgebraicRules } from './algebraic.ts';
import type { SbmlDocument, SbmlModel } from './document.ts';
import { evaluate } from './evaluate.ts';
import { flattenComp } from './flattenComp.ts';
import { lowerMath, type LowerContext } from './lowerMath.ts';
import type { SbmlMath } from './mathml.ts';
import { SymbolNames } from './names.ts';
import { timeUnitOf, UNKNOWN_UNIT, unitText } from './sbmlUnits.ts';
import type { DelaySlot, EventAssignment, SbmlSystem, SbmlVariable, SystemEvent, VariableKind } from './system.ts';

export interface ImportOptions {
  /** The model's time unit when the file declares none (or to override it). */
  timeUnit?: TimeUnit;
  /** The bonesim model id (default: from the SBML model id). */
  id?: string;
}

const num = (value: number): Expr => ({ type: 'num', value });
const sym = (name: string): Expr => ({ type: 'sym', name });
const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right });

interface Definition {
  symbol: string;
  storage: 'state' | 'parameter' | 'expression';
  /** For expressions: the value; for states and parameters: the initial value. */
  expr?: Expr;
  rate?: Expr;
  unit: string;
  description: string;
  source: string;
}

/**
 * Translate an SBML document into a bonesim model and what lies beyond it (events, delays).
 * Pure: data in, data out. Whatever bonesim cannot represent exactly is an input error naming
 * the element, its id and why.
  *
 * @example
 * ```ts
 * const system = importSbml(readSbml(text, 'model.xml'));
 * system.model; // a bonesim Model
 */
export function importSbml(document: SbmlDocument, options: ImportOptions = {}): SbmlSystem {
  const file = document.file;
  for (const p of document.packages) {
    if (p.required && p.name !== 'comp' && p.name !== 'fbc') {
      throw inputError(`the file requires the SBML package "${p.name}", which bonesim does not read`, { file }, 'bonesim reads SBML core, comp (flattened) and fbc');
    }
  }
  const sbml = flattenComp(document);
  if (sbml.fbc && sbml.fbc.objectives.length) {
    throw inputError(`model "${sbml.id}" is a flux balance model (fbc objective)`, { file, line: sbml.line },
      'bonesim simulates kinetic models; solve flux balance models with a flux balance tool');
  }
  return new Translation(sbml, document, options).run();
}

class Translation {
  private readonly names = new SymbolNames();
  private readonly variables = new Map<string, SbmlVariable>();
  private readonly definitions = new Map<string, Definition>();
  private readonly order: string[] = [];
  private readonly delays: DelaySlot[] = [];
  private readonly notes: string[] = [];
  private readonly functions = new Map<string, { parameters: string[]; body: SbmlMath }>();
  private readonly rateOfRequests = new Set<string>();
  private readonly file?: string;
  private readonly unitDefs;

  constructor(private readonly sbml: SbmlModel, private readonly document: SbmlDocument, private readonly options: ImportOptions) {
    this.file = document.file;
    this.unitDefs = sbml.unitDefinitions;
  }

  private fail(problem: string, line: number | undefined, hint?: string): BonesimError {
    return inputError(problem, { file: this.file, line }, hint);
  }

  run(): SbmlSystem {
    const m = this.sbml;
    const timeUnit = this.options.timeUnit ?? this.timeUnit();
    this.readFunctions();

    // Every id the math may name.
    const ids: Array<{ id: string; line: number }> = [
      ...m.compartments, ...m.species, ...m.parameters, ...m.reactions,
      ...m.reactions.flatMap((r) => [...r.reactants, ...r.products].filter((s) => s.id).map((s) => ({ id: s.id!, line: s.line }))),
    ];
    const seen = new Map<string, number>();
    for (const { id, line } of ids) {
      if (seen.has(id)) throw this.fail(`the id "${id}" is used twice (lines ${seen.get(id)} and ${line})`, line, 'every compartment, species, parameter, reaction and species reference needs its own id');
      seen.set(id, line);
    }
    for (const f of m.functions) if (seen.has(f.id)) throw this.fail(`the function definition "${f.id}" has the id of another element`, f.line);
    this.names.reserve(ids.map((x) => x.id));

    const rules = new Map<string, (typeof m.rules)[number]>();
    for (const rule of m.rules) {
      if (rule.kind === 'algebraic') continue;
      const variable = rule.variable!;
      if (!seen.has(variable)) throw this.fail(`the ${rule.kind} rule names "${variable}", which is not an id of the model`, rule.line, 'a rule sets a compartment, species, parameter or species reference');
      if (rules.has(variable)) throw this.fail(`"${variable}" has two rules`, rule.line, 'a variable is set by at most one assignment or rate rule');
      rules.set(variable, rule);
    }
    const initialAssignments = new Map(m.initialAssignments.map((ia) => {
      if (!seen.has(ia.symbol)) throw this.fail(`the initial assignment names "${ia.symbol}", which is not an id of the model`, ia.line);
      return [ia.symbol, ia] as const;
    }));
    const eventTargets = new Set(m.events.flatMap((e) => e.assignments.map((a) => a.variable)));
    for (const e of m.events) {
      for (const a of e.assignments) if (!seen.has(a.variable)) throw this.fail(`an event assignment of event "${e.id ?? `at line ${e.line}`}" names "${a.variable}", which is not an id of the model`, a.line);
    }
    const algebraicCandidates = new Set<string>();
    const changedByReactions = new Set<string>();
    const speciesById = new Map(m.species.map((s) => [s.id, s]));
    for (const r of m.reactions) {
      for (const ref of [...r.reactants, ...r.products, ...r.modifiers]) {
        const s = speciesById.get(ref.species);
        if (!s) throw this.fail(`reaction "${r.id}" refers to "${ref.species}", which is not a species of the model`, r.line);
      }
      for (const ref of [...r.reactants, ...r.products]) {
        const s = speciesById.get(ref.species)!;
        if (!s.boundaryCondition && !s.constant) changedByReactions.add(s.id);
      }
    }
    // A rule without math (L3V2) has no effect.
    const ruled = (id: string) => (rules.get(id)?.math ? rules.get(id)!.kind : undefined);
    const hasAlgebraic = m.rules.some((r) => r.kind === 'algebraic');
    const variesOtherwise = (id: string, constant: boolean) => !constant && !ruled(id) && (hasAlgebraic);
    const compartmentVaries = new Map<string, boolean>();
    for (const c of m.compartments) {
      const varies = ruled(c.id) !== undefined || eventTargets.has(c.id) || variesOtherwise(c.id, c.constant);
      compartmentVaries.set(c.id, varies);
      if (variesOtherwise(c.id, c.constant)) algebraicCandidates.add(c.id);
    }

    // Compartments.
    for (const c of m.compartments) {
      const symbol = this.names.forId(c.id);
      const unit = unitText(c.units ?? (c.spatialDimensions === 3 || c.spatialDimensions === undefined ? m.volumeUnits : undefined), this.unitDefs);
      const storage = this.storageFor(c.id, ruled(c.id), algebraicCandidates.has(c.id));
      this.variables.set(c.id, { id: c.id, kind: 'compartment', symbol, storage, name: c.name, constant: c.constant });
      this.define(symbol, storage, unit, c.name ? `${c.name} (compartment size)` : `size of compartment ${c.id}`, `SBML compartment "${c.id}"`);
    }
    // Parameters.
    for (const p of m.parameters) {
      const symbol = this.names.forId(p.id);
      if (variesOtherwise(p.id, p.constant)) algebraicCandidates.add(p.id);
      const storage = this.storageFor(p.id, ruled(p.id), algebraicCandidates.has(p.id));
      this.variables.set(p.id, { id: p.id, kind: 'parameter', symbol, storage, name: p.name, constant: p.constant });
      this.define(symbol, storage, unitText(p.units, this.unitDefs), p.name ?? `parameter ${p.id}`, `SBML parameter "${p.id}"`);
    }
    // Species.
    for (const s of m.species) {
      const symbol = this.names.forId(s.id);
      const compartment = this.variables.get(s.compartment);
      if (!compartment || compartment.kind !== 'compartment') throw this.fail(`species "${s.id}" names compartment "${s.compartment}", which is not a compartment of the model`, s.line);
      if (!changedByReactions.has(s.id) && variesOtherwise(s.id, s.constant)) algebraicCandidates.add(s.id);
      const rule = ruled(s.id);
      if (rule && s.constant) throw this.fail(`species "${s.id}" is constant but has a ${rule} rule`, s.line, 'a constant species cannot be set by a rule: make it constant="false"');
      if (rule && changedByReactions.has(s.id)) {
        throw this.fail(`species "${s.id}" takes part in reactions and also has a ${rule} rule`, s.line, 'SBML allows this only for boundary species: set boundaryCondition="true" or remove the rule');
      }
      // In a 0-dimensional compartment a species has no concentration: its symbol is its amount.
      if (m.compartments.find((c) => c.id === s.compartment)?.spatialDimensions === 0) s.hasOnlySubstanceUnits = true;
      const substance = unitText(s.substanceUnits ?? m.substanceUnits, this.unitDefs);
      const compartmentUnit = this.definitions.get(compartment.symbol)!.unit;
      const unit = s.hasOnlySubstanceUnits ? substance : combineUnits(substance, '/', compartmentUnit);
      const description = s.name ?? `species ${s.id}`;
      const source = `SBML species "${s.id}"`;
      const base: SbmlVariable = { id: s.id, kind: 'species', symbol, storage: 'expression', compartment: compartment.symbol, hasOnlySubstanceUnits: s.hasOnlySubstanceUnits, name: s.name, constant: s.constant };
      if (rule === 'rate' && !s.hasOnlySubstanceUnits && compartmentVaries.get(s.compartment)) {
        // A rate rule on a concentration in a compartment that changes: the amount n = [S] V is integrated
        // (dn/dt = rule V + [S] dV/dt), so a jump of the compartment's size keeps the amount, as SBML says.
        const amount = this.names.fresh(`${symbol}_amount`);
        this.variables.set(s.id, { ...base, storage: 'state', amount });
        this.define(amount, 'state', substance, `${description} (amount)`, `${source}, amount (its compartment ${s.compartment} changes size)`);
        this.define(symbol, 'expression', unit, `${description} (concentration)`, source, bin('/', sym(amount), sym(compartment.symbol)));
        continue;
      }
      if (rule || algebraicCandidates.has(s.id)) {
        const storage = this.storageFor(s.id, rule, algebraicCandidates.has(s.id));
        this.variables.set(s.id, { ...base, storage });
        this.define(symbol, storage, unit, description, source);
        continue;
      }
      const storage = changedByReactions.has(s.id) ? 'state' : 'parameter';
      if (!s.hasOnlySubstanceUnits && compartmentVaries.get(s.compartment)) {
        // The amount is what reactions change and events keep; the concentration follows the compartment.
        const amount = this.names.fresh(`${symbol}_amount`);
        this.variables.set(s.id, { ...base, storage, amount });
        this.define(amount, storage, substance, `${description} (amount)`, `${source}, amount (its compartment ${s.compartment} changes size)`);
        this.define(symbol, 'expression', unit, `${description} (concentration)`, source, bin('/', sym(amount), sym(compartment.symbol)));
        this.notes.push(`species ${s.id}: its compartment ${s.compartment} changes size, so bonesim integrates its amount (${amount}) and computes its concentration ${symbol} = ${amount} / ${compartment.symbol}`);
      } else {
        this.variables.set(s.id, { ...base, storage });
        this.define(symbol, storage, unit, description, source);
      }
    }
    // Species references with ids: their stoichiometry is a symbol.
    for (const r of m.reactions) {
      for (const ref of [...r.reactants, ...r.products]) {
        if (!ref.id) continue;
        const symbol = this.names.forId(ref.id);
        const constant = ref.constant && !ruled(ref.id) && !eventTargets.has(ref.id);
        if (!constant && variesOtherwise(ref.id, ref.constant)) algebraicCandidates.add(ref.id);
        const storage = this.storageFor(ref.id, ruled(ref.id), algebraicCandidates.has(ref.id));
        this.variables.set(ref.id, { id: ref.id, kind: 'speciesReference', symbol, storage, constant: ref.constant });
        this.define(symbol, storage, '1', `stoichiometry of ${ref.species} in reaction ${r.id}`, `SBML speciesReference "${ref.id}"`);
      }
    }
    // Reactions: their id is their rate.
    for (const r of m.reactions) {
      const symbol = this.names.forId(r.id);
      this.variables.set(r.id, { id: r.id, kind: 'reaction', symbol, storage: 'expression', name: r.name, constant: false });
      this.define(symbol, 'expression', UNKNOWN_UNIT, r.name ? `rate of reaction ${r.name}` : `rate of reaction ${r.id}`, `SBML reaction "${r.id}" (kineticLaw)`);
    }

    // Kinetic laws (with their local parameters).
    for (const r of m.reactions) {
      const def = this.definitions.get(this.variables.get(r.id)!.symbol)!;
      const law = r.kineticLaw;
      if (!law?.math) {
        def.expr = num(0);
        this.notes.push(`reaction ${r.id} has no kinetic law${law ? ' math' : ''}: its rate is 0`);
        continue;
      }
      const locals = new Map<string, Expr>();
      for (const lp of law.localParameters) {
        const name = this.names.fresh(`${this.variables.get(r.id)!.symbol}_${lp.id}`);
        locals.set(lp.id, sym(name));
        this.define(name, 'parameter', unitText(lp.units, this.unitDefs), `local parameter ${lp.id} of reaction ${r.id}`, `SBML reaction "${r.id}", local parameter "${lp.id}"`, num(lp.value ?? Number.NaN));
      }
      def.expr = this.lower(law.math, `the kineticLaw of reaction "${r.id}"`, law.line, locals);
    }

    // Rules.
    for (const [id, rule] of rules) {
      const variable = this.variables.get(id)!;
      if (variable.kind === 'reaction') throw this.fail(`a ${rule.kind} rule sets reaction "${id}"`, rule.line, 'rules set compartments, species, parameters or species references');
      if (variable.constant && variable.kind !== 'speciesReference') {
        throw this.fail(`${variable.kind} "${id}" is constant but has a ${rule.kind} rule`, rule.line, `make it constant="false"`);
      }
      const target = this.definitions.get(variable.symbol)!;
      if (!rule.math) {
        this.notes.push(`the ${rule.kind} rule of ${id} has no math: ${id} keeps its initial value`);
        if (rule.kind === 'assignment') {
          target.storage = 'parameter';
          variable.storage = 'parameter';
        } else {
          target.rate = num(0);
        }
        continue;
      }
      const value = this.lower(rule.math, `the ${rule.kind} rule of "${id}"`, rule.line);
      if (rule.kind === 'assignment') target.expr = value;
      else if (variable.amount) {
        const compartmentId = this.sbml.species.find((x) => x.id === id)!.compartment;
        this.rateOfRequests.add(compartmentId);
        const V = sym(variable.compartment!);
        this.definitions.get(variable.amount)!.rate = bin('+', bin('*', value, V), bin('*', sym(variable.symbol), sym(this.rateOfName(compartmentId))));
      } else target.rate = value;
    }

    // Initial values of states and parameters (initial assignments override the attributes).
    const needsInitial = (id: string) => ruled(id) !== 'assignment';
    for (const c of m.compartments) this.initial(c.id, c.size, needsInitial(c.id));
    for (const p of m.parameters) this.initial(p.id, p.value, needsInitial(p.id));
    for (const r of m.reactions) for (const ref of [...r.reactants, ...r.products]) if (ref.id) this.initial(ref.id, ref.stoichiometry ?? 1, needsInitial(ref.id));
    for (const s of m.species) {
      const v = this.variables.get(s.id)!;
      const V = sym(v.compartment!);
      // The symbol's initial value: a concentration unless hasOnlySubstanceUnits.
      let value: Expr;
      if (s.initialConcentration !== undefined) value = s.hasOnlySubstanceUnits ? bin('*', num(s.initialConcentration), V) : num(s.initialConcentration);
      else if (s.initialAmount !== undefined) value = s.hasOnlySubstanceUnits ? num(s.initialAmount) : bin('/', num(s.initialAmount), V);
      else value = num(Number.NaN);
      const ia = initialAssignments.get(s.id);
      if (ia?.math) value = this.lower(ia.math, `the initialAssignment of "${s.id}"`, ia.line);
      if (v.amount) this.definitions.get(v.amount)!.expr = bin('*', value, V);
      else if (ruled(s.id) !== 'assignment') this.definitions.get(v.symbol)!.expr = value;
      else if (ia) throw this.fail(`species "${s.id}" has both an initial assignment and an assignment rule`, ia.line);
    }
    for (const ia of m.initialAssignments) {
      const v = this.variables.get(ia.symbol)!;
      if (v.kind === 'species') continue;
      if (v.kind === 'reaction') throw this.fail(`an initial assignment sets reaction "${ia.symbol}"`, ia.line);
      if (ruled(ia.symbol) === 'assignment') throw this.fail(`"${ia.symbol}" has both an initial assignment and an assignment rule`, ia.line, 'keep one of them');
      if (ia.math) this.definitions.get(v.symbol)!.expr = this.lower(ia.math, `the initialAssignment of "${ia.symbol}"`, ia.line);
    }

    // Species rates from reactions: d(amount)/dt = conversion factor * sum(stoichiometry * rate).
    for (const s of m.species) {
      if (!changedByReactions.has(s.id)) continue;
      const v = this.variables.get(s.id)!;
      if (v.storage === 'expression') continue;
      let total: Expr | undefined;
      for (const r of m.reactions) {
        const rate = sym(this.variables.get(r.id)!.symbol);
        const terms: Array<[number, (typeof r.reactants)[number]]> = [...r.reactants.map((x) => [-1, x] as [number, typeof x]), ...r.products.map((x) => [1, x] as [number, typeof x])];
        for (const [sign, ref] of terms) {
          if (ref.species !== s.id) continue;
          const stoichiometry = this.stoichiometry(r.id, ref);
          let term: Expr = stoichiometry.type === 'num' && stoichiometry.value === 1 ? rate : bin('*', stoichiometry, rate);
          if (sign < 0) term = { type: 'unary', op: 'neg', arg: term };
          total = total ? (sign < 0 ? bin('-', total, (term as { arg: Expr }).arg) : bin('+', total, term)) : term;
        }
      }
      let rate: Expr = total ?? num(0);
      const factor = s.conversionFactor ?? m.conversionFactor;
      if (factor) {
        const f = this.variables.get(factor);
        if (!f || f.kind !== 'parameter') throw this.fail(`the conversion factor "${factor}" of species "${s.id}" is not a parameter of the model`, s.line);
        rate = bin('*', sym(f.symbol), rate);
      }
      const stateIsConcentration = !s.hasOnlySubstanceUnits && !v.amount;
      if (stateIsConcentration) rate = bin('/', rate, sym(v.compartment!));
      this.definitions.get(v.amount ?? v.symbol)!.rate = rate;
    }

    // Algebraic rules: each solved for the one variable it determines (linear rules only).
    const algebraic = m.rules.filter((r) => r.kind === 'algebraic');
    if (algebraic.length) {
      const solved = solveAlgebraicRules(
        algebraic.map((r) => ({ line: r.line, expr: r.math ? this.lower(r.math, `the algebraic rule at line ${r.line}`, r.line) : undefined })),
        [...algebraicCandidates].map((id) => this.variables.get(id)!.symbol),
        this.file,
      );
      for (const [symbol, expr] of solved) {
        const def = this.definitions.get(symbol)!;
        def.storage = 'expression';
        def.expr = expr;
        const variable = [...this.variables.values()].find((v) => v.symbol === symbol)!;
        variable.storage = 'expression';
        this.notes.push(`the algebraic rule for ${variable.id} is solved for it: ${variable.id} = ${exprToString(expr)}`);
      }
      // Candidates no algebraic rule determines are held at their initial values.
      for (const id of algebraicCandidates) {
        const v = this.variables.get(id)!;
        if (solved.has(v.symbol)) continue;
        const def = this.definitions.get(v.amount ?? v.symbol)!;
        if (def.storage === 'expression') {
          def.storage = 'parameter';
          v.storage = 'parameter';
        }
      }
    }

    const events = m.events.flatMap((e, index) => {
      if (e.trigger?.math) return [this.event(e, index)];
      this.notes.push(`event ${e.id ?? index + 1} has no trigger math: it never fires`);
      return [];
    });
    // rateOf(x) requests, now that every rate is known.
    for (const id of this.rateOfRequests) this.defineRateOf(id);
    const rates = new Set([...this.rateOfRequests].map((id) => this.rateOfName(id)));
    for (const d of this.delays) d.xBefore = replaceSymbols(d.x, (name) => (rates.has(name) ? num(0) : undefined));
    const pastStates = this.delays.length
      ? this.order.filter((symbol) => {
        const def = this.definitions.get(symbol)!;
        return def.storage !== 'expression' && def.expr !== undefined && symbolsOf(def.expr).has('t');
      }).map((symbol) => ({ symbol, expr: this.definitions.get(symbol)!.expr! }))
      : [];
    return { model: this.buildModel(timeUnit), variables: this.variables, events, delays: this.delays, pastStates, notes: this.notes };
  }

  private timeUnit(): TimeUnit {
    const m = this.sbml;
    const reference = m.timeUnits ?? (this.document.level === 2 && m.unitDefinitions.has('time') ? 'time' : undefined);
    if (reference === undefined) {
      this.notes.push('the model declares no time unit: bonesim reads its times in seconds, SBML\'s default unit (import with --time-unit to state another)');
      return 'second';
    }
    const unit = timeUnitOf(reference, this.unitDefs);
    if (!unit) {
      throw this.fail(`the model's time unit "${reference}" is not a second, minute, hour, day or week`, m.line,
        'state the time unit with --time-unit (second, minute, hour, day, week or year)');
    }
    return unit;
  }

  private readFunctions(): void {
    for (const f of this.sbml.functions) {
      if (!f.math) {
        this.notes.push(`function definition ${f.id} has no math`);
        continue;
      }
      if (f.math.kind !== 'lambda') throw this.fail(`the function definition "${f.id}" is not a lambda`, f.line, 'a function definition\'s math is <lambda> with <bvar>s and a body');
      this.functions.set(f.id, { parameters: f.math.parameters, body: f.math.body });
    }
  }

  private storageFor(id: string, rule: 'assignment' | 'rate' | 'algebraic' | undefined, algebraic: boolean): 'state' | 'parameter' | 'expression' {
    if (rule === 'assignment' || algebraic) return 'expression';
    if (rule === 'rate') return 'state';
    void id;
    return 'parameter';
  }

  private define(symbol: string, storage: Definition['storage'], unit: string, description: string, source: string, expr?: Expr): void {
    this.definitions.set(symbol, { symbol, storage, unit, description, source, expr });
    this.order.push(symbol);
  }

  private initial(id: string, value: number | undefined, needed: boolean): void {
    const v = this.variables.get(id)!;
    const def = this.definitions.get(v.symbol)!;
    if (needed && def.expr === undefined) def.expr = num(value ?? Number.NaN);
  }

  private stoichiometry(reaction: string, ref: SbmlModel['reactions'][number]['reactants'][number]): Expr {
    if (ref.id) return sym(this.variables.get(ref.id)!.symbol);
    if (ref.stoichiometryMath) {
      const name = this.names.fresh(`${this.variables.get(reaction)!.symbol}_${this.variables.get(ref.species)!.symbol}_stoichiometry`);
      this.define(name, 'expression', '1', `stoichiometry of ${ref.species} in reaction ${reaction}`, `SBML stoichiometryMath of reaction "${reaction}"`,
        this.lower(ref.stoichiometryMath, `the stoichiometryMath of ${ref.species} in reaction "${reaction}"`, ref.line));
      return sym(name);
    }
    return num(ref.stoichiometry ?? 1);
  }

  private lower(math: SbmlMath, owner: string, line: number | undefined, locals?: ReadonlyMap<string, Expr>): Expr {
    const context: LowerContext = {
      owner,
      file: this.file,
      line,
      functions: this.functions,
      resolve: (id) => locals?.get(id) ?? (this.variables.has(id) ? sym(this.variables.get(id)!.symbol) : undefined),
      delay: (x, tau) => {
        const name = this.names.fresh(`delay_${this.delays.length + 1}`);
        this.delays.push({ name, x, tau, xBefore: x });
        this.define(name, 'parameter', UNKNOWN_UNIT, `delay(${exprToString(x)}, ${exprToString(tau)})`, `SBML delay csymbol in ${owner}`, x);
        return sym(name);
      },
      rateOf: (id) => {
        // A local parameter is constant.
        if (locals?.has(id)) return num(0);
        const v = this.variables.get(id);
        if (!v) throw this.fail(`rateOf names "${id}", which is not an id of the model`, line);
        this.rateOfRequests.add(id);
        return sym(this.rateOfName(id));
      },
    };
    return lowerMath(math, context);
  }

  private rateOfName(id: string): string {
    return `rateOf_${this.variables.get(id)!.symbol}`;
  }

  /** rateOf(x) as an expression: the rate of what is integrated, converted to x's own symbol. */
  private defineRateOf(id: string): void {
    const v = this.variables.get(id)!;
    const name = this.rateOfName(id);
    if (this.definitions.has(name)) return;
    const rateOf = (symbol: string): Expr | undefined => {
      const def = this.definitions.get(symbol)!;
      if (def.storage === 'state') return def.rate ?? num(0);
      if (def.storage === 'parameter') return num(0);
      return undefined;
    };
    let rate: Expr | undefined;
    if (v.amount) {
      const amountRate = rateOf(v.amount);
      const sizeRate = rateOf(v.compartment!);
      if (amountRate && sizeRate) {
        // d(n/V)/dt = n'/V - (n/V) V'/V
        rate = bin('-', bin('/', amountRate, sym(v.compartment!)), bin('/', bin('*', sym(v.symbol), sizeRate), sym(v.compartment!)));
      }
    } else {
      rate = rateOf(v.symbol);
    }
    if (!rate) {
      throw this.fail(`rateOf(${id}) asks for the rate of change of a variable set by an assignment or algebraic rule`, undefined,
        'bonesim computes rateOf for variables that are integrated or constant; rewrite the model to use the rule\'s own derivative');
    }
    this.define(name, 'expression', UNKNOWN_UNIT, `rate of change of ${id}`, `SBML rateOf csymbol`, rate);
  }

  private event(e: SbmlModel['events'][number], index: number): SystemEvent {
    const id = e.id ?? `event ${index + 1}`;
    const owner = `event "${id}"`;
    if (!e.trigger?.math) throw this.fail(`${owner} has no trigger`, e.line, 'an event needs a trigger condition (math) to fire');
    const assignments: EventAssignment[] = [];
    for (const a of e.assignments) {
      const v = this.variables.get(a.variable)!;
      if (!a.math) {
        this.notes.push(`an assignment to ${a.variable} of ${owner} has no math: it does nothing`);
        continue;
      }
      if (v.kind === 'reaction') throw this.fail(`${owner} assigns reaction "${a.variable}"`, a.line, 'events assign compartments, species, parameters or species references');
      if (v.constant && v.kind !== 'speciesReference') throw this.fail(`${owner} assigns ${v.kind} "${a.variable}", which is constant`, a.line, 'make it constant="false"');
      if (v.storage === 'expression') {
        throw this.fail(`${owner} assigns "${a.variable}", which an assignment or algebraic rule sets at all times`, a.line, 'SBML does not allow an event to assign a variable with an assignment rule');
      }
      const value = this.lower(a.math, `the assignment to "${a.variable}" of ${owner}`, a.line);
      if (v.amount) assignments.push({ variable: a.variable, target: v.amount, value, timesCompartment: v.compartment });
      else assignments.push({ variable: a.variable, target: v.symbol, value });
    }
    return {
      id,
      line: e.line,
      trigger: this.lower(e.trigger.math, `the trigger of ${owner}`, e.trigger.line),
      initialValue: e.trigger.initialValue,
      persistent: e.trigger.persistent,
      useValuesFromTriggerTime: e.useValuesFromTriggerTime,
      delay: e.delay ? this.lower(e.delay, `the delay of ${owner}`, e.line) : undefined,
      priority: e.priority ? this.lower(e.priority, `the priority of ${owner}`, e.line) : undefined,
      assignments,
    };
  }

  /** The bonesim model: states with evaluated initial values, parameters, expressions, rates. */
  private buildModel(timeUnit: TimeUnit): Model {
    const m = this.sbml;
    const values = this.initialValues();
    const species: Species[] = [];
    const parameters: Parameter[] = [];
    const expressions: NamedExpression[] = [];
    const rates: Record<string, string> = {};
    for (const symbol of this.order) {
      const def = this.definitions.get(symbol)!;
      if (def.storage === 'state') {
        species.push({ name: symbol, initial: values.get(symbol)!, unit: def.unit, description: def.description, source: def.source, nonnegative: false });
        rates[symbol] = exprToString(def.rate ?? num(0));
      } else if (def.storage === 'parameter') {
        parameters.push({ name: symbol, value: values.get(symbol)!, unit: def.unit, description: def.description, source: def.source });
      } else {
        expressions.push({ name: symbol, expr: exprToString(def.expr!), unit: def.unit === UNKNOWN_UNIT ? undefined : def.unit, description: def.description });
      }
    }
    if (species.length === 0) {
      // bonesim needs one integrated quantity; a model of constants and rules gets a clock.
      const clock = this.names.fresh('time_elapsed');
      species.push({ name: clock, initial: 0, unit: timeUnit, description: 'time since the start (the SBML model has no integrated quantity)', source: 'added by the SBML import', nonnegative: false });
      rates[clock] = '1';
    }
    const model: Model = {
      id: this.options.id ?? modelId(m.id),
      title: m.name ?? m.id,
      citation: `SBML model "${m.id}"${this.file ? ` (${baseName(this.file)})` : ''}`,
      description: m.notes,
      timeUnit: timeUnit === 'month' || timeUnit === 'year' ? 'year' : timeUnit,
      file: this.file,
      species,
      parameters,
      inputs: [],
      expressions,
      rates,
      observables: [],
      roles: {},
      annotations: {},
      // SBML says nothing about signs (exponents and couplings are often negative): no parameter is
      // held to bonesim's default of non-negative values.
      parameterLimits: Object.fromEntries(parameters.map((p) => [p.name, [-Infinity, Infinity] as [number, number]])),
    };
    return withCheckedUnits(model, this.notes);
  }

  /** Initial values of every state and parameter: initial assignments, rules and attributes, in dependency order. */
  private initialValues(): Map<string, number> {
    const values = new Map<string, number>();
    const busy = new Set<string>();
    const value = (symbol: string, path: string[]): number => {
      const known = values.get(symbol);
      if (known !== undefined) return known;
      if (symbol === 't') return 0;
      const def = this.definitions.get(symbol);
      if (!def) throw new Error(`internal: no definition of ${symbol}`);
      if (busy.has(symbol)) {
        throw this.fail(`the initial values depend on each other in a cycle: ${[...path, symbol].join(' -> ')}`, undefined,
          'break the cycle in the initial assignments and rules');
      }
      busy.add(symbol);
      const expr = def.expr ?? num(Number.NaN);
      const result = evaluate(expr, (name) => value(name, [...path, symbol]));
      busy.delete(symbol);
      values.set(symbol, result);
      return result;
    };
    for (const symbol of this.order) {
      const def = this.definitions.get(symbol)!;
      if (def.storage !== 'expression') value(symbol, []);
    }
    return values;
  }
}

/** Check the translated units; when the SBML's units do not add up, keep the model and call them unknown. */
function withCheckedUnits(model: Model, notes: string[]): Model {
  try {
    checkDimensions(model);
    return model;
  } catch (error) {
    if (!(error instanceof BonesimError)) throw error;
    notes.push(`the SBML units are not consistent (${error.problem}), so bonesim records them as unknown`);
    return {
      ...model,
      species: model.species.map((s) => ({ ...s, unit: UNKNOWN_UNIT })),
      parameters: model.parameters.map((p) => ({ ...p, unit: UNKNOWN_UNIT })),
      expressions: model.expressions.map((e) => ({ ...e, unit: undefined })),
    };
  }
}

function replaceSymbols(expr: Expr, replace: (name: string) => Expr | undefined): Expr {
  const next = (e: Expr) => replaceSymbols(e, replace);
  switch (expr.type) {
    case 'num': return expr;
    case 'sym': return replace(expr.name) ?? expr;
    case 'unary': return { ...expr, arg: next(expr.arg) };
    case 'binary': return { ...expr, left: next(expr.left), right: next(expr.right) };
    case 'if': return { type: 'if', cond: next(expr.cond), then: next(expr.then), else: next(expr.else) };
    case 'call': return { ...expr, args: expr.args.map(next) };
  }
}

function combineUnits(a: string, op: '/' | '*', b: string): string {
  if (a === UNKNOWN_UNIT || b === UNKNOWN_UNIT) return UNKNOWN_UNIT;
  if (b === '1') return a;
  return `(${a}) ${op} (${b})`;
}

function modelId(id: string): string {
  const cleaned = id.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return cleaned || 'sbml-model';
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function symbolsIn(expr: Expr): Set<string> {
  return symbolsOf(expr);
}

export type { VariableKind };
