import { BonesimError, type ErrorKind } from '../errors.ts';

/**
 * One member of an ensemble, as PreparedSimulation.runMember runs it: plain typed arrays in and out,
 * the same arrays for every member of a chunk, so a run allocates only what its integration needs.
 */
export interface MemberRun {
  /** The whole parameter vector (CompiledModel.parameterNames: parameters, then inputs); read, not changed. */
  parameters: Float64Array;
  /** Output times: rising, within 0..duration (the scenario's duration in the model's time unit). */
  times: Float64Array;
  /** The columns to write at each time: a species index, or the number of species plus an observable index (PreparedSimulation.columnIndex). */
  columns: Int32Array;
  /** Where they go, column-major: values[c * times.length + k] is column c at times[k] (after events at that time); NaN after a stop or a failure. */
  values: Float64Array;
  /**
   * If given, receives the columns at the member's own rest state: its steady state (or initial values), before the
   * scenario changes anything at t = 0 (one value per column): what "relative to this patient at rest" is measured against.
   */
  start?: Float64Array;
  /** Start from this state instead of the member's own steady state (or the model's initial values). */
  initialState?: Float64Array;
  /**
   * Re-derive the model's `invariants.balanced_by` parameter (e.g. k_res) at the member's own steady state, so
   * that its bone volume does not drift at rest (default true; only for members whose parameters differ from the model's).
   */
  balance?: boolean;
}

/** ok: ran to the end; stopped: a state event with `stop` ended it early (at `time`, `reason` its record); failed: see kind and reason. */
export type MemberState = 'ok' | 'stopped' | 'failed';

/** What became of one member: the status solve_ivp and SciML return, rather than an exception. */
export interface MemberStatus {
  state: MemberState;
  /** For a failure: 'numerical' (a population driven negative, a solution no longer finite, the integrator gave up) or 'input' (a value the model refuses). */
  kind?: ErrorKind;
  /** Why it failed (the error's problem, without file or hint), or the record of the event that stopped it. */
  reason?: string;
  /** Model time of the failure or the stop, when known. */
  time?: number;
  /** Accepted integration steps. */
  steps: number;
}

/** A member's error as its status; anything that is not a BonesimError is a bug and is thrown on. */
export function memberFailure(error: unknown, status: MemberStatus, member?: MemberRun): MemberStatus {
  if (!(error instanceof BonesimError)) throw error;
  if (member) {
    member.values.fill(NaN, 0, member.columns.length * member.times.length);
    member.start?.fill(NaN);
  }
  status.state = 'failed';
  status.kind = error.kind;
  status.reason = error.problem;
  status.time = error.location.time;
  status.steps = 0;
  return status;
}
