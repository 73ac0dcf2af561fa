import { inputError } from '../../errors.ts';
import { compileModel } from '../../model/compile.ts';
import { exprToString, type Expr } from '../../model/expr.ts';
import type { StateEvent } from '../../simulate/scenario.ts';
import type { SbmlSystem, SystemEvent } from './system.ts';

/**
 * SBML events as bonesim scenario state events, where the two mean the same: a bonesim
 * `when:` event fires when its condition turns true and not when it already holds at the start
 * (SBML's initialValue="true"), applies every assignment computed from the state before it,
 * and has no delay or priority. Anything else is refused with the event's id and the reason;
 * `bonesim run FILE.xml` runs such events with SBML's own semantics.
 */
export function scenarioEvents(system: SbmlSystem, file?: string): StateEvent[] {
  if (system.delays.length) {
    throw inputError(`the model uses delay() (${system.delays.map((d) => d.name).join(', ')}), which a bonesim model file cannot hold`, { file },
      'run the SBML file directly: bonesim run FILE.xml');
  }
  const refuse = (e: SystemEvent, reason: string) =>
    inputError(`SBML event "${e.id}" ${reason}, which bonesim scenario events cannot represent`, { file, line: e.line }, 'run the SBML file directly (bonesim run FILE.xml), which follows SBML event semantics');
  let initial: { t: number; y: Float64Array; p: Float64Array; compiled: ReturnType<typeof compileModel> } | undefined;
  return system.events.map((e, index) => {
    if (e.delay && !isZero(e.delay)) throw refuse(e, 'has a delay');
    if (e.priority && system.events.length > 1) throw refuse(e, 'has a priority (the order of simultaneous events)');
    if (!e.initialValue) {
      // initialValue="false" fires at the start if the trigger holds then; bonesim's never does.
      initial ??= (() => {
        const compiled = compileModel(system.model);
        return { t: 0, y: compiled.y0, p: compiled.p0, compiled };
      })();
      const holds = initial.compiled.compileScalar(e.trigger, { condition: true })(0, initial.y, initial.p) !== 0;
      if (holds) throw refuse(e, 'fires at the start (initialValue="false" and a trigger true at t = 0)');
    }
    const set = e.assignments.map((a) => {
      const value: Expr = a.timesCompartment ? { type: 'binary', op: '*', left: a.value, right: { type: 'sym', name: a.timesCompartment } } : a.value;
      return { target: a.target, value: value.type === 'num' ? value.value : exprToString(value) };
    });
    return { condition: exprToString(e.trigger), set, add: [], record: `SBML event ${e.id}`, stop: false, once: false, source: index, line: e.line };
  });
}

function isZero(expr: Expr): boolean {
  return expr.type === 'num' && expr.value === 0;
}
