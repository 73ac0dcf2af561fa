import { MATH_FUNCTIONS } from './expr.ts';
import { SYMBOL_NAME } from './schema.ts';

/** Words with a fixed meaning in expressions, so no model symbol may take them. */
const RESERVED = new Set([
  't', 'end', 'and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false',
  'hour', 'day', 'week', 'month', 'year', 'Infinity', 'NaN',
  ...MATH_FUNCTIONS.keys(),
]);

/** Why a symbol name is not allowed, or undefined if it is fine. */
export function badSymbolName(name: string): string | undefined {
  if (!SYMBOL_NAME.test(name)) return `"${name}" is not a valid name: use letters, digits and _, starting with a letter`;
  if (RESERVED.has(name)) return `"${name}" is a reserved word in expressions`;
  return undefined;
}
