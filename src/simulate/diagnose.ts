import type { CompiledModel } from '../model/compile.ts';
import type { Model } from '../model/model.ts';
import { symbolsOf, type Expr } from '../model/expr.ts';
import { parseExpression } from '../model/parseExpression.ts';

/**
 * Why the right-hand side is not finite at (t, y, p): the first definition that turns
 * NaN or infinite while everything it reads is finite, with the zero or non-finite
 * values it divides by or reads. Undefined when everything is finite.
 */
export function explainNonFinite(model: CompiledModel, t: number, y: Float64Array, p: Float64Array): string | undefined {
  const definitions: Array<{ name: string; field: string; text: string; expr: Expr }> = [
    ...model.model.expressions.map((e) => ({ name: e.name, field: `expressions.${e.name}`, text: e.expr, expr: parseExpression(e.expr) })),
    ...model.model.observables.map((o) => ({ name: o.name, field: `observables.${o.name}`, text: o.expr, expr: parseExpression(o.expr) })),
    ...model.model.species.map((s) => ({ name: `d${s.name}/dt`, field: `rates.${s.name}`, text: model.model.rates[s.name], expr: parseExpression(model.model.rates[s.name]) })),
  ];
  const values = new Map<string, number>();
  const valueOf = (name: string): number => {
    const cached = values.get(name);
    if (cached !== undefined) return cached;
    const s = model.speciesIndex(name);
    const k = model.parameterIndex(name);
    const value = s >= 0 ? y[s] : k >= 0 ? p[k] : name === 't' ? t : model.compileScalar({ type: 'sym', name })(t, y, p);
    values.set(name, value);
    return value;
  };
  const dynamic = definitionsReadByRates(model.model);
  for (const d of definitions) {
    const value = model.compileScalar(d.expr)(t, y, p);
    // An infinite readout is a legitimate value (e.g. RANKL/OPG with no OPG); NaN, or infinity the rates read, is not.
    if (Number.isFinite(value) || (d.field.startsWith('observables.') && !Number.isNaN(value) && !dynamic.has(d.name))) continue;
    const reads = [...symbolsOf(d.expr)].filter((n) => n !== 'pi' && n !== 'e');
    if (reads.some((n) => !Number.isFinite(valueOf(n)) && definitions.some((x) => x.name === n))) continue; // a symptom, not the cause
    const suspects = reads.filter((n) => valueOf(n) === 0 || !Number.isFinite(valueOf(n))).map((n) => `${n} = ${valueOf(n)}`);
    return `${d.field} is ${value} ("${d.text}"${suspects.length ? `, where ${suspects.join(', ')}` : ''})`;
  }
  return undefined;
}

/** The expressions and observables the rates read, directly or through others. */
export function definitionsReadByRates(model: Model): Set<string> {
  const definitions = new Map<string, string>([
    ...model.expressions.map((e) => [e.name, e.expr] as const),
    ...model.observables.map((o) => [o.name, o.expr] as const),
  ]);
  const read = new Set<string>();
  const visit = (text: string) => {
    for (const name of symbolsOf(parseExpression(text))) {
      const definition = definitions.get(name);
      if (definition !== undefined && !read.has(name)) {
        read.add(name);
        visit(definition);
      }
    }
  };
  for (const rate of Object.values(model.rates)) visit(rate);
  return read;
}
