import { inputError } from '../errors.ts';
import { formatPath } from '../io/yamlSource.ts';

/**
 * How deep definitions may build on each other (e0 reads e1 reads e2 ...). The published models
 * go about 15 deep; compiling, the Jacobian's chain rule and unit checks walk these chains, so a
 * bound keeps every later step within the call stack.
 */
export const MAX_DEFINITION_DEPTH = 500;

/**
 * Order named definitions so each comes after everything it reads (depth-first topological sort,
 * with an explicit stack: a chain of any length cannot overflow the call stack). A cycle is an
 * input error naming the whole loop; so is a chain deeper than MAX_DEFINITION_DEPTH.
 */
export function orderByDependencies(
  names: readonly string[],
  dependenciesOf: (name: string) => Iterable<string>,
  locate: (name: string) => ReadonlyArray<string | number>,
): string[] {
  const known = new Set(names);
  const state = new Map<string, 'visiting' | 'done'>();
  const depth = new Map<string, number>();
  const ordered: string[] = [];
  const where = (name: string) => ({ path: locate(name), field: formatPath(locate(name)) });

  for (const root of names) {
    if (state.get(root) === 'done') continue;
    // Each frame: a definition and the dependencies still to visit.
    const stack: Array<{ name: string; pending: Iterator<string> }> = [{ name: root, pending: dependenciesOf(root)[Symbol.iterator]() }];
    state.set(root, 'visiting');
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const next = frame.pending.next();
      if (!next.done) {
        const dependency = next.value;
        if (!known.has(dependency)) continue;
        const s = state.get(dependency);
        if (s === 'done') continue;
        if (s === 'visiting') {
          const names = stack.map((f) => f.name);
          const loop = [...names.slice(names.indexOf(dependency)), dependency];
          throw inputError(`these definitions depend on each other in a loop: ${loop.join(' -> ')}`, where(dependency),
            'break the loop: one of them must be a species (integrated) or use only parameters');
        }
        state.set(dependency, 'visiting');
        stack.push({ name: dependency, pending: dependenciesOf(dependency)[Symbol.iterator]() });
        continue;
      }
      stack.pop();
      let level = 0;
      for (const dependency of dependenciesOf(frame.name)) if (known.has(dependency)) level = Math.max(level, depth.get(dependency)! + 1);
      if (level > MAX_DEFINITION_DEPTH) {
        throw inputError(`definitions build on each other ${level} deep here (${frame.name} reads a chain of ${level} definitions); the limit is ${MAX_DEFINITION_DEPTH}`,
          where(frame.name), 'write the chain in fewer steps (combine definitions), or make some of them species');
      }
      depth.set(frame.name, level);
      state.set(frame.name, 'done');
      ordered.push(frame.name);
    }
  }
  return ordered;
}
