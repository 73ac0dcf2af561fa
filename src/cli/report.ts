import { printError } from './terminal.ts';
import { BonesimError, EXIT, exitCodeOf } from '../errors.ts';

/** Print an error for a person and return its exit code. */
export function reportError(error: unknown): number {
  if (error instanceof BonesimError) {
    printError(`error: ${error.message}\n`);
    return exitCodeOf(error);
  }
  printError(`internal error (please report it with the command you ran): ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.numericalFailure;
}
