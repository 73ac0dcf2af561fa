import { inputError } from '../errors.ts';
import { formatPath } from '../io/yamlSource.ts';

/**
 * Order named definitions so each comes after everything it reads (depth-first topological sort).
 * A cycle is an input error naming the whole loop.
 */
export function orderByDependencies(
  names: readonly string[],
  dependenciesOf: (name: string) => Iterable<string>,
  locate: (name: string) => ReadonlyArray<string | number>,
): string[] {
  const known = new Set(names);
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: string[] = [];
  const stack: string[] = [];

  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const loop = [...stack.slice(stack.indexOf(name)), name];
      throw inputError(`these definitions depend on each other in a loop: ${loop.join(' -> ')}`,
        { path: locate(name), field: formatPath(locate(name)) }, 'break the loop: one of them must be a species (integrated) or use only parameters');
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dependency of dependenciesOf(name)) if (known.has(dependency)) visit(dependency);
    stack.pop();
    state.set(name, 'done');
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}
