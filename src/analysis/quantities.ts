import { inputError } from '../errors.ts';
import { ROLE_NAMES, type Role } from '../model/schema.ts';
import type { SimulationResult } from '../simulate/simulate.ts';

/**
 * What a comparison shows: quantities matched across runs by role (Lemaire's C and
 * Pivonka's OCa are both "active osteoclasts"), then each model's own remaining outputs
 * by name.
 */
export interface Quantity {
  /** A role name, or a column name for outputs that play no role. */
  key: string;
  role?: Role;
  title: string;
  unit: string;
  description: string;
  /** The column that holds this quantity in each run (by run index); undefined where a run lacks it. */
  columns: (string | undefined)[];
}

export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  bone_volume: 'Bone volume',
  active_osteoblasts: 'Active osteoblasts',
  active_osteoclasts: 'Active osteoclasts',
  osteoblast_precursors: 'Osteoblast precursors',
  osteoclast_precursors: 'Osteoclast precursors',
  formation: 'Bone formation rate (P1NP proxy)',
  resorption: 'Bone resorption rate (CTX proxy)',
  rankl: 'RANKL',
  opg: 'OPG',
  rank_occupancy: 'RANK occupancy',
  pth: 'PTH',
  tgf_beta: 'TGF-\u03b2',
  tumour: 'Tumour burden',
};

/** The panels a bone biologist looks at first, in this order; the other roles follow. */
export const LEADING_ROLES: readonly Role[] = ['bone_volume', 'active_osteoblasts', 'active_osteoclasts', 'rankl', 'opg', 'rank_occupancy'];
const ROLE_ORDER: readonly Role[] = [...LEADING_ROLES, ...ROLE_NAMES.filter((r) => !LEADING_ROLES.includes(r))];

/** Every quantity the runs can show, roles first, then each model's own species and observables. */
export function availableQuantities(runs: readonly SimulationResult[]): Quantity[] {
  const quantities: Quantity[] = [];
  const claimed = runs.map(() => new Set<string>());
  for (const role of ROLE_ORDER) {
    const columns = runs.map((run) => {
      const column = run.model.roles[role];
      return column && run.columns.includes(column) ? column : undefined;
    });
    if (columns.every((c) => c === undefined)) continue;
    columns.forEach((c, i) => c && claimed[i].add(c));
    quantities.push({ key: role, role, title: ROLE_TITLES[role], unit: commonUnit(runs, columns), description: describeAcross(runs, columns), columns });
  }
  const seen = new Set<string>();
  runs.forEach((run, i) => {
    for (const column of run.columns) {
      if (claimed[i].has(column) || seen.has(column)) continue;
      seen.add(column);
      const columns = runs.map((other, k) => (other.columns.includes(column) && !claimed[k].has(column) ? column : undefined));
      quantities.push({ key: column, title: titleOf(run, column), unit: commonUnit(runs, columns), description: describeAcross(runs, columns), columns });
    }
  });
  return quantities;
}

/**
 * The quantities to show: the leading roles and the models' own observables by default
 * (state variables that play no role are left out), or exactly those named (role or
 * column names, in the order given).
 */
export function selectQuantities(runs: readonly SimulationResult[], requested?: readonly string[]): Quantity[] {
  const all = availableQuantities(runs);
  if (!requested || requested.length === 0) {
    return all
      .filter((q) => q.role !== undefined || runs.some((run, i) => q.columns[i] && run.model.observables.some((o) => o.name === q.columns[i])))
      .filter((q) => !staysAtZero(runs, q));
  }
  return requested.map((name) => {
    const found = all.find((q) => q.key === name) ?? all.find((q) => q.columns.includes(name) || q.title.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw inputError(`"${name}" is not an observable of the compared runs`, { field: '--observables' },
        `choose from: ${all.map((q) => q.key).join(', ')}`);
    }
    return found;
  });
}

/** A quantity that is 0 (within the solver's absolute tolerance) in every run, e.g. a drug no scenario gives: not worth a panel. */
export function staysAtZero(runs: readonly SimulationResult[], q: Quantity): boolean {
  return runs.every((run, i) => {
    const column = q.columns[i];
    if (!column) return true;
    const limit = 1e3 * run.solver.atol;
    return run.series[column].every((v) => Math.abs(v) <= limit);
  });
}

/** A readable title for an output that plays no role: its description, capitalised. */
function titleOf(run: SimulationResult, column: string): string {
  const described = [...run.model.species, ...run.model.observables].find((x) => x.name === column)?.description;
  return described ? described[0].toUpperCase() + described.slice(1) : column;
}

function commonUnit(runs: readonly SimulationResult[], columns: readonly (string | undefined)[]): string {
  const units = [...new Set(columns.flatMap((c, i) => (c ? [runs[i].units[c]] : [])))];
  return units.length === 1 ? units[0] : units.join(' | ');
}

/** "C: active osteoclasts (AOC)", or one such entry per model when the runs use several. */
function describeAcross(runs: readonly SimulationResult[], columns: readonly (string | undefined)[]): string {
  const entries = new Map<string, string>();
  columns.forEach((column, i) => {
    if (column && !entries.has(runs[i].model.id)) entries.set(runs[i].model.id, describeColumn(runs[i], column));
  });
  if (entries.size === 1) return [...entries.values()][0];
  return [...entries].map(([model, text]) => `${model} ${text}`).join('; ');
}

function describeColumn(run: SimulationResult, column: string): string {
  const species = run.model.species.find((s) => s.name === column);
  if (species) return `${column}: ${species.description}`;
  const observable = run.model.observables.find((o) => o.name === column);
  return observable ? `${column}: ${observable.description}` : column;
}
