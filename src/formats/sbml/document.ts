import type { SbmlMath } from './mathml.ts';

/**
 * An SBML model as plain data, as read from the file (Level 2 defaults already filled in the
 * Level 3 way), before any translation. Ids are SBML's own. `line` points into the file.
 */
export interface SbmlDocument {
  level: number;
  version: number;
  file?: string;
  model: SbmlModel;
  /** comp: model definitions other models instantiate as submodels (by id). */
  modelDefinitions: Map<string, SbmlModel>;
  /** comp: external model definitions (other files), by id: not read. */
  externalModelDefinitions: Map<string, { source: string; modelRef?: string; line: number }>;
  /** Packages the file declares as required (comp, fbc, ...), by prefix-free name. */
  packages: Array<{ name: string; required: boolean; uri: string }>;
}

export interface Located {
  line: number;
}

export interface UnitDefinition extends Located {
  id: string;
  units: Array<{ kind: string; exponent: number; scale: number; multiplier: number }>;
}

export interface SbmlModel extends Located {
  id: string;
  name?: string;
  /** The model's notes as plain text (XHTML tags removed). */
  notes?: string;
  substanceUnits?: string;
  timeUnits?: string;
  volumeUnits?: string;
  extentUnits?: string;
  conversionFactor?: string;
  unitDefinitions: Map<string, UnitDefinition>;
  functions: FunctionDefinition[];
  compartments: Compartment[];
  species: Species[];
  parameters: Parameter[];
  initialAssignments: InitialAssignment[];
  rules: Rule[];
  reactions: Reaction[];
  events: SbmlEvent[];
  constraints: Located[];
  comp: CompModelData;
  /** fbc: flux bounds and objectives, when the fbc package is used. */
  fbc?: FbcModelData;
}

/** What the comp package adds to a model: its submodels, ports, and the replacements its elements declare. */
export interface CompModelData {
  submodels: Submodel[];
  ports: Port[];
  /** For each element id (or metaid) of this model: what it replaces in submodels, or is replaced by. */
  replacements: Replacement[];
}

export interface Submodel extends Located {
  id: string;
  modelRef: string;
  timeConversionFactor?: string;
  extentConversionFactor?: string;
  deletions: SBaseRef[];
}

/** A reference into a submodel: idRef, metaIdRef, portRef or unitRef, possibly nested (sBaseRef). */
export interface SBaseRef extends Located {
  submodelRef?: string;
  idRef?: string;
  metaIdRef?: string;
  portRef?: string;
  unitRef?: string;
  deletion?: string;
  conversionFactor?: string;
  child?: SBaseRef;
}

export interface Port extends Located {
  id: string;
  idRef?: string;
  metaIdRef?: string;
  unitRef?: string;
}

export interface Replacement {
  /** The replacing element of this model (id, or metaid when it has no id). */
  element: string;
  elementKind: string;
  kind: 'replacedElement' | 'replacedBy';
  ref: SBaseRef;
}

export interface FbcModelData {
  strict: boolean;
  activeObjective?: string;
  objectives: Array<{ id: string; type: 'maximize' | 'minimize'; fluxes: Array<{ reaction: string; coefficient: number }> }>;
  /** fbc v1 flux bounds (v2 uses reaction attributes). */
  fluxBounds: Array<{ reaction: string; operation: string; value: number }>;
}

export interface FunctionDefinition extends Located {
  id: string;
  metaid?: string;
  math?: SbmlMath;
}

export interface Compartment extends Located {
  id: string;
  metaid?: string;
  name?: string;
  size?: number;
  spatialDimensions?: number;
  units?: string;
  constant: boolean;
}

export interface Species extends Located {
  id: string;
  metaid?: string;
  name?: string;
  compartment: string;
  initialAmount?: number;
  initialConcentration?: number;
  substanceUnits?: string;
  hasOnlySubstanceUnits: boolean;
  boundaryCondition: boolean;
  constant: boolean;
  conversionFactor?: string;
}

export interface Parameter extends Located {
  id: string;
  metaid?: string;
  name?: string;
  value?: number;
  units?: string;
  constant: boolean;
}

export interface InitialAssignment extends Located {
  symbol: string;
  metaid?: string;
  id?: string;
  math?: SbmlMath;
}

export interface Rule extends Located {
  kind: 'assignment' | 'rate' | 'algebraic';
  variable?: string;
  metaid?: string;
  id?: string;
  math?: SbmlMath;
}

export interface SpeciesReference extends Located {
  species: string;
  id?: string;
  metaid?: string;
  stoichiometry?: number;
  constant: boolean;
  /** Level 2 <stoichiometryMath>. */
  stoichiometryMath?: SbmlMath;
}

export interface Reaction extends Located {
  id: string;
  metaid?: string;
  name?: string;
  reversible: boolean;
  compartment?: string;
  reactants: SpeciesReference[];
  products: SpeciesReference[];
  modifiers: Array<{ species: string; id?: string; metaid?: string }>;
  kineticLaw?: { math?: SbmlMath; localParameters: Array<{ id: string; metaid?: string; value?: number; units?: string; line: number }>; metaid?: string; line: number };
  /** fbc v2 bounds (parameter ids). */
  lowerFluxBound?: string;
  upperFluxBound?: string;
}

export interface SbmlEvent extends Located {
  id?: string;
  metaid?: string;
  name?: string;
  useValuesFromTriggerTime: boolean;
  trigger?: { math?: SbmlMath; initialValue: boolean; persistent: boolean; line: number };
  delay?: SbmlMath;
  priority?: SbmlMath;
  /** metaids of the delay and priority elements (comp may delete them). */
  delayMetaid?: string;
  priorityMetaid?: string;
  assignments: Array<{ variable: string; math?: SbmlMath; metaid?: string; id?: string; line: number }>;
}
