import { badSymbolName } from '../../model/names.ts';

/**
 * SBML ids -> bonesim symbols. Most ids are already valid bonesim names and keep them; an id
 * that is not (leading underscore, a reserved word such as `t` or `exp`) gets a close name
 * that is free. Names made up by the import (amounts, local parameters) are taken from the same pool.
 */
export class SymbolNames {
  private readonly taken = new Set<string>(['pi', 'e']);
  private readonly byId = new Map<string, string>();

  /** The symbol for an SBML id of the model (the same every time). */
  forId(id: string): string {
    const known = this.byId.get(id);
    if (known) return known;
    const symbol = this.fresh(id);
    this.byId.set(id, symbol);
    return symbol;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A new symbol near `base`, not used by anything else. */
  fresh(base: string): string {
    let candidate = base;
    if (!/^[A-Za-z]/.test(candidate)) candidate = `x${candidate}`;
    candidate = candidate.replace(/[^A-Za-z0-9_]/g, '_');
    if (badSymbolName(candidate)) candidate = `${candidate}_`;
    let name = candidate;
    for (let k = 2; this.taken.has(name) || badSymbolName(name); k++) name = `${candidate}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** Reserve SBML ids first, so made-up names never take an id's own name. */
  reserve(ids: Iterable<string>): void {
    for (const id of ids) if (!badSymbolName(id) && id !== 'pi' && id !== 'e') this.forId(id);
    for (const id of ids) this.forId(id);
  }
}
