import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { z } from 'zod';
import { BonesimErrors, inputError, type BonesimError, type ErrorLocation } from '../errors.ts';

// A file is validated once per process: zod's compiled (JIT) object parsers cost more to generate than
// such a single parse (measured: 51 ms of a 0.37 s `bonesim run`), so parse without them.
z.config({ jitless: true });

/** A parsed YAML file that can say where any of its fields is. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** The file, field and line of a path inside the document, for error messages. */
  locate(path: ReadonlyArray<string | number>): ErrorLocation;
}

/**
 * Parse YAML text into data that remembers where each field stood, so errors can name the line.
 *
 * @example
 * ```ts
 * const source = parseYaml('duration: 10 year\n', 'my.yaml');
 * source.data; // { duration: '10 year' }
 * ```
 */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // The core schema has no language-specific tags: a YAML file can only ever yield plain data.
  const doc = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0]);
    throw inputError(`this is not valid YAML: ${firstLine(problem.message)}`, { file, line: pos.line, column: pos.col },
      'fix the YAML syntax at that line (indentation, a missing colon, or an unquoted special character)');
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw inputError(`the YAML cannot be read as data: ${(error as Error).message}`, { file }, 'write plain mappings, lists and values (no custom tags; at most 50 aliases)');
  }
  const locate = (path: ReadonlyArray<string | number>) => locateInDocument(doc, lineCounter, file, path);
  // `__proto__` would vanish in validation (or worse, in naive code): refuse it where it is written.
  const forbidden = findKey(data, '__proto__');
  if (forbidden) throw inputError('the name "__proto__" is not allowed', locate(forbidden), 'rename it: names start with a letter');
  return { file, data, locate };
}

function findKey(value: unknown, key: string, path: Array<string | number> = []): Array<string | number> | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findKey(value[i], key, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      if (k === key) return [...path, k];
      const found = findKey((value as Record<string, unknown>)[k], key, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function locateInDocument(doc: Document, lines: LineCounter, file: string, path: ReadonlyArray<string | number>): ErrorLocation {
  const location: ErrorLocation = { file, field: formatPath(path) };
  // A named field is reported at its key (where the name is written), not at its value.
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      if (pair && isNode(pair.key) && pair.key.range) {
        const pos = lines.linePos(pair.key.range[0]);
        return { ...location, line: pos.line, column: pos.col };
      }
    }
  }
  // Walk up the path until a node exists (a missing field is reported at its parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      location.line = pos.line;
      location.column = pos.col;
      break;
    }
  }
  return location;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Most problems one file reports at once (the rest are usually consequences of the first ones). */
const MAX_PROBLEMS = 20;

/** Validate parsed YAML against a zod schema; every problem becomes an error at its line, all reported together. */
export function validateWith<T>(source: YamlSource, schema: z.ZodType<T>, what: string): T {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  const errors: BonesimError[] = result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return inputError(describeIssue(issue, what), source.locate(path), hintFor(issue, what));
  });
  throw errors.length === 1 ? errors[0] : new BonesimErrors(errors);
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, what: string): string {
  const atTop = issue.path.length === 0;
  const missing = !('input' in issue) || issue.input === undefined || (atTop && issue.input === null);
  switch (issue.code) {
    case 'invalid_type':
      if (atTop && missing) return `the file is empty: a ${what} file needs its fields (id, title, ...)`;
      // Not the content: the file may not be YAML at all (/etc/passwd), and its text is nobody's business.
      if (atTop) return `a ${what} file must be a mapping of fields (id, title, ...), but this file reads as ${kindOf(issue.input)}: is it a ${what} file?`;
      if (missing) return `required field is missing (expected ${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_union': {
      const expected = [...new Set(issue.errors.flat().map((e) => (e.code === 'invalid_type' ? e.expected : undefined)).filter(Boolean))] as string[];
      const wanted = expected.length ? expected.map(article).join(' or ') : 'another form';
      if (missing) return `required field is missing (expected ${wanted})`;
      return `expected ${wanted}, got ${describeValue(issue.input)}`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')} in ${atTop ? what : formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'))}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}`;
    case 'invalid_value':
      if (missing) return `required field is missing (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}`;
    default:
      return `${issue.message}${'input' in issue && issue.input !== undefined ? `, got ${describeValue(issue.input)}` : ''}`;
  }
}

function hintFor(issue: Issue, what: string): string | undefined {
  const missing = !('input' in issue) || issue.input === undefined;
  if (issue.code === 'unrecognized_keys') return `remove or rename it; see the ${what} format in README.md`;
  if (issue.path.length === 0) return `see the ${what} format in README.md`;
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && missing) return `add the field; see the ${what} format in README.md`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'write a plain number (e.g. 0.7 or 1.5e-3); the unit goes in `unit:`';
  if (issue.code === 'too_small' && issue.origin === 'string') return 'write some text, or leave the field out where it is optional';
  if (issue.code === 'too_small' || issue.code === 'too_big') return 'choose a value inside that bound';
  if (issue.code === 'invalid_value') return 'use one of the listed values';
  return `see the ${what} format in README.md`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `the non-finite number ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'plain text';
  return `a single ${typeof value}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
