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
  // Where each result row comes from: a grid row (its index), or an event row (-1 - its index in `values`).
  const rowCount = gridRows + 2 * eventRows.length;
  const times = new Float64Array(rowCount);
  const source = new Int32Array(rowCount);
  const values: Float64Array[] = [];
  let rows = 0;
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));
  let e = 0;
  for (let k = 0; k < gridRows; k++) {
    const t = gridTimes[k];
    for (; e < eventRows.length && (eventRows[e].time < t || same(eventRows[e].time, t)); e++) push(eventRows[e]);
    if (rows > 0 && source[rows - 1] < 0 && same(times[rows - 1], t)) continue;
    times[rows] = t;
    source[rows++] = k;
  }
  for (; e < eventRows.length; e++) push(eventRows[e]);
  return {
    times: times.slice(0, rows),
    columns: columns.map((column, c) => {
      const merged = new Float64Array(rows);
      for (let r = 0; r < rows; r++) merged[r] = source[r] >= 0 ? column[source[r]] : values[-1 - source[r]][c];
      return merged;
    }),
  };

  function push(row: EventRow): void {
    if (row.before) add(row.time, row.before);
    add(row.time, row.after);
  }

  function add(time: number, state: Float64Array): void {
    times[rows] = time;
    source[rows++] = -1 - values.length;
    values.push(state);
  }
}
