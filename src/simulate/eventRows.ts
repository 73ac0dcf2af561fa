/**
 * Result rows at events. An output grid misses the times of doses (weekly output, a dose every six
 * months): the samples then show each identical dose at a different height. So every event that acts
 * adds two rows at its time, the state just before it and just after it (the row values are species,
 * then observables), and a grid row at that time gives way to them. Events at t = 0 add only the
 * state after them: the run starts there.
 */
export interface EventRow {
  time: number;
  before?: Float64Array;
  after: Float64Array;
}

/** The grid's first `gridRows` rows and the event rows, in time order (a grid row at an event's time is dropped). */
export function withEventRows(gridTimes: Float64Array, gridRows: number, columns: Float64Array[], eventRows: readonly EventRow[]): { times: Float64Array; columns: Float64Array[] } {
  if (eventRows.length === 0) {
    return {
      // A copy: the grid belongs to the prepared simulation, the result to the caller (who may move it to another thread).
      times: gridTimes.slice(0, gridRows),
      columns: columns.map((c) => (gridRows === c.length ? c : c.slice(0, gridRows))),
    };
  }
  const times: number[] = [];
  const rows: Array<{ grid: number } | { values: Float64Array }> = [];
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));
  let e = 0;
  for (let k = 0; k < gridRows; k++) {
    const t = gridTimes[k];
    for (; e < eventRows.length && (eventRows[e].time < t || same(eventRows[e].time, t)); e++) push(eventRows[e]);
    if (rows.length && 'values' in rows[rows.length - 1] && same(times[times.length - 1], t)) continue;
    times.push(t);
    rows.push({ grid: k });
  }
  for (; e < eventRows.length; e++) push(eventRows[e]);
  return {
    times: Float64Array.from(times),
    columns: columns.map((column, c) => Float64Array.from(rows, (row) => ('grid' in row ? column[row.grid] : row.values[c]))),
  };

  function push(row: EventRow): void {
    if (row.before) {
      times.push(row.time);
      rows.push({ values: row.before });
    }
    times.push(row.time);
    rows.push({ values: row.after });
  }
}
