import { inputError } from '../../errors.ts';
import { ownText, type XmlElement } from './xml.ts';

/**
 * SBML's subset of content MathML, read into plain data. Names stay SBML ids here; lowering
 * to bonesim's expression tree (renaming, inlining function definitions, delay and rateOf)
 * happens in lowerMath.ts. Nothing here evaluates anything.
 */
export type SbmlMath =
  | { kind: 'num'; value: number }
  | { kind: 'ci'; name: string }
  | { kind: 'time' }
  | { kind: 'avogadro' }
  /** An operator element (plus, gt, piecewise pieces are separate), a csymbol function (delay, rateOf) or a call of a function definition. */
  | { kind: 'apply'; op: string; args: SbmlMath[]; user?: boolean }
  | { kind: 'piecewise'; pieces: Array<{ value: SbmlMath; condition: SbmlMath }>; otherwise?: SbmlMath }
  | { kind: 'lambda'; parameters: string[]; body: SbmlMath };

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const CSYMBOL = 'http://www.sbml.org/sbml/symbols/';

/** Every MathML operator SBML allows (L3V2 core), by element name. */
export const OPERATORS = new Set([
  'plus', 'minus', 'times', 'divide', 'power', 'root', 'abs', 'exp', 'ln', 'log', 'floor', 'ceiling', 'factorial',
  'quotient', 'rem', 'max', 'min', 'implies',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth',
  'arcsin', 'arccos', 'arctan', 'arcsec', 'arccsc', 'arccot', 'arcsinh', 'arccosh', 'arctanh', 'arcsech', 'arccsch', 'arccoth',
  'eq', 'neq', 'gt', 'lt', 'geq', 'leq', 'and', 'or', 'xor', 'not',
]);

export interface MathContext {
  file?: string;
  /** What the math belongs to, for messages: e.g. `kineticLaw of reaction "R1"`. */
  owner: string;
}

/** Read a <math> element's content (one expression). */
export function readMath(math: XmlElement, context: MathContext): SbmlMath {
  const content = math.children.filter((c) => c.ns === MATHML_NS);
  if (content.length !== 1) {
    throw mathError(`the <math> of ${context.owner} holds ${content.length} expressions, not one`, math, context);
  }
  return readNode(content[0], context, 0);
}

function readNode(node: XmlElement, context: MathContext, depth: number): SbmlMath {
  if (depth > 500) throw mathError(`the math of ${context.owner} is nested too deeply`, node, context);
  const next = (child: XmlElement) => readNode(child, context, depth + 1);
  const elements = (e: XmlElement) => e.children.filter((c) => c.ns === MATHML_NS);
  switch (node.name) {
    case 'cn':
      return { kind: 'num', value: readNumber(node, context) };
    case 'ci':
      return { kind: 'ci', name: ownText(node).trim() };
    case 'csymbol': {
      const url = node.attributes.definitionURL ?? '';
      if (url === `${CSYMBOL}time`) return { kind: 'time' };
      if (url === `${CSYMBOL}avogadro`) return { kind: 'avogadro' };
      throw mathError(`the csymbol "${url}" cannot stand alone in ${context.owner}`, node, context);
    }
    case 'true':
      return { kind: 'num', value: 1 };
    case 'false':
      return { kind: 'num', value: 0 };
    case 'pi':
      return { kind: 'num', value: Math.PI };
    case 'exponentiale':
      return { kind: 'num', value: Math.E };
    case 'infinity':
      return { kind: 'num', value: Infinity };
    case 'notanumber':
      return { kind: 'num', value: Number.NaN };
    case 'semantics': {
      const first = elements(node)[0];
      if (!first) throw mathError(`an empty <semantics> in ${context.owner}`, node, context);
      return next(first);
    }
    case 'piecewise': {
      const pieces: Array<{ value: SbmlMath; condition: SbmlMath }> = [];
      let otherwise: SbmlMath | undefined;
      for (const child of elements(node)) {
        const parts = elements(child);
        if (child.name === 'piece' && parts.length === 2) pieces.push({ value: next(parts[0]), condition: next(parts[1]) });
        else if (child.name === 'otherwise' && parts.length === 1) otherwise = next(parts[0]);
        else throw mathError(`a malformed <${child.name}> in a piecewise of ${context.owner}`, child, context);
      }
      return { kind: 'piecewise', pieces, otherwise };
    }
    case 'lambda': {
      const parameters: string[] = [];
      let body: SbmlMath | undefined;
      for (const child of elements(node)) {
        if (child.name === 'bvar') {
          const ci = elements(child).find((c) => c.name === 'ci');
          if (!ci) throw mathError(`a <bvar> without <ci> in ${context.owner}`, child, context);
          parameters.push(ownText(ci).trim());
        } else if (body) {
          throw mathError(`a lambda with more than one body in ${context.owner}`, child, context);
        } else {
          body = next(child);
        }
      }
      if (!body) throw mathError(`a lambda without a body in ${context.owner}`, node, context);
      return { kind: 'lambda', parameters, body };
    }
    case 'apply': {
      const [head, ...rest] = elements(node);
      if (!head) throw mathError(`an empty <apply> in ${context.owner}`, node, context);
      // <log><logbase>b</logbase>x</log>, <root><degree>n</degree>x</root>: the qualifier becomes the first argument.
      const qualifiers = rest.filter((c) => c.name === 'logbase' || c.name === 'degree');
      const operands = rest.filter((c) => c.name !== 'logbase' && c.name !== 'degree' && c.name !== 'bvar');
      const args = operands.map(next);
      if (head.name === 'ci') return { kind: 'apply', op: ownText(head).trim(), args, user: true };
      if (head.name === 'csymbol') {
        const url = head.attributes.definitionURL ?? '';
        if (url === `${CSYMBOL}delay`) return { kind: 'apply', op: 'delay', args };
        if (url === `${CSYMBOL}rateOf`) return { kind: 'apply', op: 'rateOf', args };
        throw mathError(`the csymbol function "${url}" is not part of SBML`, head, context);
      }
      if (!OPERATORS.has(head.name)) {
        throw mathError(`the MathML operator <${head.name}> is not allowed in SBML`, head, context, 'SBML allows the operators of its MathML subset (plus, times, power, piecewise, ...)');
      }
      if (qualifiers.length) {
        const qualifier = elements(qualifiers[0])[0];
        if (!qualifier) throw mathError(`an empty <${qualifiers[0].name}> in ${context.owner}`, qualifiers[0], context);
        return { kind: 'apply', op: head.name, args: [next(qualifier), ...args] };
      }
      if (head.name === 'log') return { kind: 'apply', op: 'log', args: [{ kind: 'num', value: 10 }, ...args] };
      if (head.name === 'root') return { kind: 'apply', op: 'root', args: [{ kind: 'num', value: 2 }, ...args] };
      return { kind: 'apply', op: head.name, args };
    }
    default:
      throw mathError(`the MathML element <${node.name}> is not allowed in SBML`, node, context);
  }
}

/** <cn> in its four forms: real (the default), integer, e-notation (m<sep/>e) and rational (n<sep/>d). */
function readNumber(node: XmlElement, context: MathContext): number {
  const type = node.attributes.type ?? 'real';
  const parts = numberParts(node);
  const value = (text: string) => {
    const t = text.trim();
    if (/^[+-]?INF$/i.test(t) || /^[+-]?Infinity$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^NaN$/i.test(t)) return Number.NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw mathError(`"${t}" in a <cn> of ${context.owner} is not a number`, node, context);
    return Number(t);
  };
  switch (type) {
    case 'real':
    case 'integer':
      if (parts.length !== 1) throw mathError(`a <cn type="${type}"> with a <sep/> in ${context.owner}`, node, context);
      return value(parts[0]);
    case 'e-notation':
      if (parts.length !== 2) throw mathError(`a <cn type="e-notation"> needs mantissa<sep/>exponent in ${context.owner}`, node, context);
      return Number(`${parts[0].trim()}e${parts[1].trim()}`);
    case 'rational':
      if (parts.length !== 2) throw mathError(`a <cn type="rational"> needs numerator<sep/>denominator in ${context.owner}`, node, context);
      return value(parts[0]) / value(parts[1]);
    default:
      throw mathError(`<cn type="${type}"> is not an SBML number type in ${context.owner}`, node, context);
  }
}

/** The text pieces of a <cn>, split at <sep/> (saxes gives us the element's text joined; so rebuild from the raw children). */
function numberParts(node: XmlElement): string[] {
  const text = ownText(node);
  if (!node.children.some((c) => c.name === 'sep')) return [text];
  return text.split('\u0000');
}

function mathError(problem: string, node: XmlElement, context: MathContext, hint?: string) {
  return inputError(problem, { file: context.file, line: node.line }, hint ?? 'correct the MathML (SBML Level 3 Version 2 core, section 3.4)');
}
