/**
 * Errors are values a biologist can act on: where (file, field, line), what went wrong,
 * and what to do. The CLI maps the kind to its exit code.
 */
export type ErrorKind = 'input' | 'numerical';

export interface ErrorLocation {
  file?: string;
  /** Dotted path of the offending field, e.g. `events[2].at` or `rates.OBp`. */
  field?: string;
  line?: number;
  column?: number;
  /** Structured path of the field inside its file, so a loader can find the line. */
  path?: ReadonlyArray<string | number>;
  /** Model time at which a run failed (the message says it too; this is for programs). */
  time?: number;
}

/**
 * An error a person can act on: its kind (bad input, or a numerical failure), where (file, field,
 * line), the problem and what to do. `message` is what the CLI prints after "error: ".
 */
export class BonesimError extends Error {
  readonly kind: ErrorKind;
  readonly location: ErrorLocation;
  readonly problem: string;
  readonly hint?: string;

  constructor(kind: ErrorKind, problem: string, location: ErrorLocation = {}, hint?: string) {
    super(formatMessage(problem, location, hint));
    this.name = kind === 'input' ? 'InputError' : 'NumericalError';
    this.kind = kind;
    this.location = location;
    this.problem = problem;
    this.hint = hint;
  }

  /** The same error seen from another file or field (e.g. an expression error inside a model file). */
  at(location: ErrorLocation): BonesimError {
    return new BonesimError(this.kind, this.problem, { ...location, ...definedOnly(this.location) }, this.hint);
  }
}

/**
 * An error in what the user gave (exit code 2): the problem, where, and what to do.
 *
 * @example
 * ```ts
 * throw inputError('the duration must be positive', { file: 'my.yaml', field: 'duration' }, 'e.g. duration: 10 year');
 * ```
 */
export function inputError(problem: string, location: ErrorLocation = {}, hint?: string): BonesimError {
  return new BonesimError('input', problem, location, hint);
}

/**
 * A run that failed numerically (exit code 3), with where and what to do.
 *
 * @example
 * ```ts
 * throw numericalError('OCa became negative at t = 12 day', { file: 'my.yaml' }, 'reduce the removal');
 * ```
 */
export function numericalError(problem: string, location: ErrorLocation = {}, hint?: string): BonesimError {
  return new BonesimError('numerical', problem, location, hint);
}

/**
 * Several problems of one file, reported together (a user fixes them all in one go). Its message lists
 * each problem with its own location and hint; `problems` holds them for programs.
 */
export class BonesimErrors extends BonesimError {
  readonly problems: readonly BonesimError[];

  constructor(problems: readonly BonesimError[]) {
    const first = problems[0];
    super(first.kind, `${problems.length} problems`, { file: first.location.file }, undefined);
    this.problems = problems;
    this.message = `${problems.length} problems:\n` + problems.map((p) => `  ${p.message.replaceAll('\n', '\n  ')}`).join('\n');
  }
}

/** Collects a file's problems, so every one is reported in one pass rather than one per run. */
export class ProblemList {
  private readonly list: BonesimError[] = [];

  /** Run a check; an input error it throws is kept, and the check's result is undefined. */
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof BonesimErrors) this.list.push(...error.problems);
      else if (error instanceof BonesimError && error.kind === 'input') this.list.push(error);
      else throw error;
      return undefined;
    }
  }

  add(error: BonesimError): void {
    this.list.push(error);
  }

  get size(): number {
    return this.list.length;
  }

  /** Throw the problems found so far: one alone as itself, several together. */
  throwIfAny(): void {
    if (this.list.length === 1) throw this.list[0];
    if (this.list.length > 1) throw new BonesimErrors(this.list);
  }
}

export const EXIT = { ok: 0, expectationFailed: 1, badInput: 2, numericalFailure: 3 } as const;

export function exitCodeOf(error: unknown): number {
  if (error instanceof BonesimError) return error.kind === 'input' ? EXIT.badInput : EXIT.numericalFailure;
  return EXIT.numericalFailure;
}

function formatMessage(problem: string, location: ErrorLocation, hint?: string): string {
  let where = location.file ? displayPath(location.file) : '';
  if (location.file && location.line !== undefined) {
    where += `:${location.line}`;
    if (location.column !== undefined) where += `:${location.column}`;
  }
  if (location.field) where += where ? ` (${location.field})` : location.field;
  const head = where ? `${where}: ${problem}` : problem;
  return hint ? `${head}\n  what to do: ${hint}` : head;
}

/** Paths inside the working directory are shown relative to it, as the user typed them. */
export function displayPath(file: string): string {
  // No node:path here: this module is also bundled for the browser.
  const cwd = typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '';
  return cwd && file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

function definedOnly(location: ErrorLocation): ErrorLocation {
  const out: ErrorLocation = {};
  for (const [key, value] of Object.entries(location)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
