/** A scenario as plain data, with every time already in the model's time unit. */
export interface Assignment {
  target: string;
  /** A number, or an expression evaluated when the event fires. */
  value: number | string;
}

export interface ScheduledEvent {
  time: number;
  set: Assignment[];
  add: Assignment[];
  description: string;
  /** Position of the event in the scenario file's `events:` list. */
  source: number;
  /** Line of the event in the scenario file, for messages. */
  line?: number;
}

export interface StateEvent {
  condition: string;
  set: Assignment[];
  add: Assignment[];
  record: string;
  stop: boolean;
  once: boolean;
  source: number;
  line?: number;
}

export interface Expectation {
  text: string;
  why?: string;
}

export interface SolverSettings {
  /** A name from the integrator registry (src/solve/methods.ts). */
  method: string;
  rtol: number;
  atol: number;
  maxSteps: number;
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  source?: string;
  file?: string;
  /** The model file this scenario runs. */
  modelFile: string;
  duration: number;
  outputEvery: number;
  start: 'steady_state' | 'initial';
  parameters: Record<string, number>;
  initial: Record<string, number>;
  inputs: Record<string, string>;
  /** Timed events, expanded (a repeating event becomes one entry per occurrence) and sorted by time. */
  scheduled: ScheduledEvent[];
  stateEvents: StateEvent[];
  expectations: Expectation[];
  solver: SolverSettings;
}
