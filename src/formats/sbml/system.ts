import type { Expr } from '../../model/expr.ts';
import type { Model } from '../../model/model.ts';

/**
 * An SBML model translated for bonesim: a bonesim Model (what the ODE system is) plus what
 * SBML says beyond it (events with their full semantics, delays, and how each SBML id maps
 * onto bonesim symbols). The import writes the Model as a model file; the SBML simulator
 * (simulateSbml.ts) runs the whole system.
 */
export interface SbmlSystem {
  model: Model;
  /** Every SBML id of the model (compartments, species, parameters, species references, reactions). */
  variables: Map<string, SbmlVariable>;
  events: SystemEvent[];
  /** delay(x, tau) terms: the parameter slot standing for each, filled by the simulator from the solution's history. */
  delays: DelaySlot[];
  /**
   * States and parameters whose initial value is a function of time (an initial assignment reading the time
   * csymbol): before the start, delay() reads their past from it (the SBML Test Suite's reading).
   */
  pastStates: Array<{ symbol: string; expr: Expr }>;
  /** What the translation did that a reader should know (one sentence each). */
  notes: string[];
}

export type VariableKind = 'compartment' | 'species' | 'parameter' | 'speciesReference' | 'reaction';

export interface SbmlVariable {
  id: string;
  kind: VariableKind;
  /** The bonesim symbol whose value is the SBML symbol's value (for a species: its concentration unless hasOnlySubstanceUnits). */
  symbol: string;
  /** Where the value lives: integrated (state), held between events (parameter) or computed (expression). */
  storage: 'state' | 'parameter' | 'expression';
  /**
   * For a species whose symbol is a concentration but whose amount is what is integrated or held
   * (its compartment changes): the state or parameter holding the amount.
   */
  amount?: string;
  /** For species: the compartment's bonesim symbol, and whether the species symbol is an amount. */
  compartment?: string;
  hasOnlySubstanceUnits?: boolean;
  name?: string;
  constant: boolean;
}

export interface SystemEvent {
  /** SBML id, or a description when the event has none. */
  id: string;
  line: number;
  trigger: Expr;
  initialValue: boolean;
  persistent: boolean;
  useValuesFromTriggerTime: boolean;
  delay?: Expr;
  priority?: Expr;
  assignments: EventAssignment[];
}

export interface EventAssignment {
  /** The SBML id assigned. */
  variable: string;
  /** The bonesim state or parameter written. */
  target: string;
  value: Expr;
  /**
   * Set when the target holds a species amount and the SBML symbol is its concentration: the
   * value written is value * this compartment (its size before the event).
   */
  timesCompartment?: string;
}

export interface DelaySlot {
  /** The parameter standing for delay(x, tau). */
  name: string;
  x: Expr;
  tau: Expr;
  /** x before the start, where every rate of change (rateOf) is 0: the system was at rest. */
  xBefore: Expr;
}
