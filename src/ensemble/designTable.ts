import { csvParseRows } from 'd3';
import { inputError } from '../errors.ts';
import { closestName } from '../model/suggest.ts';
import type { ParameterTable } from './design.ts';

/** Most rows a table of given parameter sets may have. */
export const MAX_TABLE_ROWS = 10_000_000;

/**
 * Given parameter sets from CSV text: a header row of parameter names (an optional `id` column
 * labels the rows), then one row of numbers per member. Errors name the CSV file, its line and the
 * column.
 */
export function parseParameterTable(text: string, file: string, parameterIndex: ReadonlyMap<string, number>): ParameterTable {
  const rows = csvParseRows(text.replace(/^\uFEFF/, '')).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (!rows.length) throw inputError('the table is empty: it needs a header row of parameter names and one row per member', { file }, 'e.g. "k_form,D_A" then "40,0.7"');
  const header = rows[0].map((cell) => cell.trim());
  const idColumn = header.indexOf('id');
  const names: string[] = [];
  const columns: number[] = [];
  const seen = new Set<string>();
  header.forEach((name, column) => {
    if (column === idColumn) return;
    if (!name) throw inputError(`column ${column + 1} of the header has no name`, { file, line: 1, field: `column ${column + 1}` }, 'name every column after a model parameter');
    if (seen.has(name)) throw inputError(`the column "${name}" appears twice`, { file, line: 1, field: name }, 'keep one');
    seen.add(name);
    if (!parameterIndex.has(name)) {
      const suggestion = closestName(name, parameterIndex.keys());
      throw inputError(`"${name}" is not a parameter of the model`, { file, line: 1, field: name },
        suggestion ? `did you mean "${suggestion}"?` : 'name each column after a model parameter (or "id" for row labels)');
    }
    names.push(name);
    columns.push(column);
  });
  if (!names.length) throw inputError('the table has no parameter columns', { file, line: 1 }, 'add a column per parameter');
  const count = rows.length - 1;
  if (count < 1) throw inputError('the table has a header but no rows', { file }, 'add one row of values per member');
  if (count > MAX_TABLE_ROWS) throw inputError(`the table has ${count} rows; the limit is ${MAX_TABLE_ROWS}`, { file }, 'split the population into several designs');
  const values = new Float64Array(count * names.length);
  const labels: string[] | undefined = idColumn >= 0 ? [] : undefined;
  for (let r = 0; r < count; r++) {
    const row = rows[r + 1];
    if (row.length !== header.length) {
      throw inputError(`this row has ${row.length} values; the header has ${header.length} columns`, { file, line: lineOf(text, r + 1) }, 'give one value per column');
    }
    columns.forEach((column, k) => {
      const cell = row[column].trim();
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw inputError(`${names[k]} is ${cell === '' ? 'empty' : `"${cell}"`}, not a number`, { file, line: lineOf(text, r + 1), field: names[k] }, 'write a plain number (e.g. 0.7 or 1.5e-3)');
      }
      values[r * names.length + k] = value;
    });
    labels?.push(row[idColumn].trim());
  }
  const indices = Int32Array.from(names, (name) => parameterIndex.get(name)!);
  return { file, names, indices, rows: count, values, ...(labels ? { labels } : {}) };
}

/** The 1-based line of the n-th non-blank row (0 = header), for an error message only (it scans the text). */
function lineOf(text: string, row: number): number {
  const lines = text.split(/\r?\n/);
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '' || /^[,\s]*$/.test(lines[i])) continue;
    seen++;
    if (seen === row) return i + 1;
  }
  return row + 1;
}
