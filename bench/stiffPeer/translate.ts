/**
 * bonesim's generated JavaScript (src/model/codegen.ts: numbers, t, y[i], p[i], J[i], out[i], locals,
 * operators, Math functions, `mod`) read back into a small tree and written out as C or Python, so a
 * peer solver evaluates the very expressions, in the very order, that bonesim's compiler produced
 * from the model file. Anything outside that subset is refused with the offending text: if the
 * compiler's output changes shape, the bench and its test fail instead of comparing something else.
 */

export type Node =
  | { kind: 'num'; text: string }
  | { kind: 'name'; name: string }
  | { kind: 'index'; array: string; index: number }
  | { kind: 'unary'; op: '-' | '!'; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'ternary'; cond: Node; then: Node; else: Node }
  | { kind: 'call'; fn: string; args: Node[] };

/** One statement of a generated function body: a local, a bound constant, or an output element. */
export type Statement =
  | { kind: 'local'; name: string; value: Node }
  | { kind: 'constant'; index: number; value: Node }
  | { kind: 'element'; array: 'out' | 'J'; index: number; value: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)?)|(===|!==|<=|>=|&&|\|\||[-+*/<>!?:(),[\]]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`stiffPeer: cannot read generated code at "${text.slice(at, at + 40)}"`);
    tokens.push(match[1] ?? match[2] ?? match[3]);
  }
  return tokens;
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '===': 3, '!==': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6,
};

/** Parse one expression of the generated subset. */
export function parseGenerated(text: string): Node {
  const tokens = tokenize(text);
  let k = 0;
  const peek = () => tokens[k];
  const expect = (token: string) => {
    if (tokens[k] !== token) throw new Error(`stiffPeer: expected "${token}" in generated code, found "${tokens[k]}" in ${text}`);
    k++;
  };
  const primary = (): Node => {
    const token = tokens[k++];
    if (token === undefined) throw new Error(`stiffPeer: generated expression ends early: ${text}`);
    if (token === '(') {
      const inner = expression(0);
      expect(')');
      return inner;
    }
    if (token === '-' || token === '!') return { kind: 'unary', op: token, arg: primary() };
    if (/^\d/.test(token)) return { kind: 'num', text: token };
    if (/^[A-Za-z_]/.test(token)) {
      if (peek() === '[') {
        k++;
        const index = tokens[k++];
        if (!/^\d+$/.test(index)) throw new Error(`stiffPeer: non-constant index ${index} in ${text}`);
        expect(']');
        return { kind: 'index', array: token, index: Number(index) };
      }
      if (peek() === '(') {
        k++;
        const args: Node[] = [];
        while (peek() !== ')') {
          args.push(expression(0));
          if (peek() === ',') k++;
        }
        expect(')');
        return { kind: 'call', fn: token, args };
      }
      return { kind: 'name', name: token };
    }
    throw new Error(`stiffPeer: unexpected "${token}" in generated code ${text}`);
  };
  // Ternaries bind loosest (precedence 0) and nest to the right.
  const expression = (minimum: number): Node => {
    let left = primary();
    for (;;) {
      const op = peek();
      if (op === '?' && minimum === 0) {
        k++;
        const then = expression(0);
        expect(':');
        const otherwise = expression(0);
        left = { kind: 'ternary', cond: left, then, else: otherwise };
        continue;
      }
      const precedence = BINARY_PRECEDENCE[op];
      if (precedence === undefined || precedence < minimum) return left;
      k++;
      left = { kind: 'binary', op, left, right: expression(precedence + 1) };
    }
  };
  const tree = expression(0);
  if (k !== tokens.length) throw new Error(`stiffPeer: unread generated code "${tokens.slice(k).join(' ')}" in ${text}`);
  return tree;
}

/** The statements of a generated body: the lines after the one matching `opening`, up to its closing `};`. */
export function statementsOf(source: string, opening: RegExp): Statement[] {
  const lines = source.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => opening.test(l));
  if (start < 0) throw new Error(`stiffPeer: generated source has no line matching ${opening}`);
  const statements: Statement[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '};') return statements;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^const ([a-z]\d+) = (.*);$/))) statements.push({ kind: 'local', name: m[1], value: parseGenerated(m[2]) });
    else if ((m = line.match(/^c(\d+) = (.*);$/))) statements.push({ kind: 'constant', index: Number(m[1]), value: parseGenerated(m[2]) });
    else if ((m = line.match(/^(out|J)\[(\d+)\] = (.*);$/))) statements.push({ kind: 'element', array: m[1] as 'out' | 'J', index: Number(m[2]), value: parseGenerated(m[3]) });
    else throw new Error(`stiffPeer: unexpected line in generated source: ${line}`);
  }
  throw new Error(`stiffPeer: generated body opened by ${opening} is not closed`);
}

/** How a target language spells names, calls and operators. */
interface Dialect {
  number(text: string): string;
  name(name: string): string;
  index(array: string, index: number): string;
  call(fn: string, args: string[]): string;
  ternary(cond: string, then: string, otherwise: string): string;
  binary(op: string): string;
  not: string;
}

const C_CALLS: Record<string, string> = {
  'Math.exp': 'exp', 'Math.log': 'log', 'Math.log10': 'log10', 'Math.sqrt': 'sqrt', 'Math.abs': 'fabs',
  'Math.floor': 'floor', 'Math.ceil': 'ceil', 'Math.sin': 'sin', 'Math.cos': 'cos', 'Math.tan': 'tan',
  'Math.tanh': 'tanh', 'Math.pow': 'pow', 'Math.asin': 'asin', 'Math.acos': 'acos', 'Math.atan': 'atan',
  'Math.sinh': 'sinh', 'Math.cosh': 'cosh', 'Math.asinh': 'asinh', 'Math.acosh': 'acosh', 'Math.atanh': 'atanh',
  'Math.sign': 'bs_sign', mod: 'bs_mod',
};

/** C: every literal a double (no integer division), min/max nested fmin/fmax. */
export const C_HELPERS = [
  'static inline double bs_sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }',
  'static inline double bs_mod(double a, double b) { return a - b * floor(a / b); }',
].join('\n');

export function cDialect(indexCode: (array: string, index: number) => string): Dialect {
  return {
    number: (text) => (/[.e]/.test(text) ? text : `${text}.0`),
    name: (name) => name,
    index: indexCode,
    call: (fn, args) => {
      if (fn === 'Math.min' || fn === 'Math.max') return args.reduce((a, b) => `${fn === 'Math.min' ? 'fmin' : 'fmax'}(${a}, ${b})`);
      const c = C_CALLS[fn];
      if (!c) throw new Error(`stiffPeer: no C for ${fn}()`);
      return `${c}(${args.join(', ')})`;
    },
    ternary: (cond, then, otherwise) => `(${cond} ? ${then} : ${otherwise})`,
    binary: (op) => (op === '===' ? '==' : op === '!==' ? '!=' : op),
    not: '!',
  };
}

/** Python (floats throughout; JavaScript's NaN for pow of a negative base to a fractional power). */
export const PYTHON_HELPERS = [
  'def _pow(a, b):',
  '    try:',
  '        return math.pow(a, b)',
  '    except (ValueError, OverflowError):',
  '        return math.nan if a < 0 else math.inf',
  'def _sign(x):',
  '    return 1.0 if x > 0 else -1.0 if x < 0 else x',
  'def _mod(a, b):',
  '    return a - b * math.floor(a / b)',
].join('\n');

export function pythonDialect(indexCode: (array: string, index: number) => string): Dialect {
  return {
    number: (text) => (/[.e]/.test(text) ? text : `${text}.0`),
    name: (name) => name,
    index: indexCode,
    call: (fn, args) => {
      if (fn === 'Math.pow') return `_pow(${args.join(', ')})`;
      if (fn === 'Math.sign') return `_sign(${args.join(', ')})`;
      if (fn === 'mod') return `_mod(${args.join(', ')})`;
      if (fn === 'Math.abs') return `abs(${args.join(', ')})`;
      if (fn === 'Math.min') return `min(${args.join(', ')})`;
      if (fn === 'Math.max') return `max(${args.join(', ')})`;
      if (!C_CALLS[fn]) throw new Error(`stiffPeer: no Python for ${fn}()`);
      return `math.${fn.slice(5)}(${args.join(', ')})`;
    },
    ternary: (cond, then, otherwise) => `(${then} if ${cond} else ${otherwise})`,
    binary: (op) => ({ '===': '==', '!==': '!=', '&&': 'and', '||': 'or' })[op] ?? op,
    not: 'not ',
  };
}

/** Write a tree in a dialect, fully parenthesised (the generated JavaScript's order of operations). */
export function emit(node: Node, d: Dialect): string {
  switch (node.kind) {
    case 'num':
      return d.number(node.text);
    case 'name':
      return d.name(node.name);
    case 'index':
      return d.index(node.array, node.index);
    case 'unary':
      return node.op === '-' ? `(-${emit(node.arg, d)})` : `(${d.not}${emit(node.arg, d)})`;
    case 'binary':
      return `(${emit(node.left, d)} ${d.binary(node.op)} ${emit(node.right, d)})`;
    case 'ternary':
      return d.ternary(emit(node.cond, d), emit(node.then, d), emit(node.else, d));
    case 'call':
      return d.call(node.fn, node.args.map((a) => emit(a, d)));
  }
}
