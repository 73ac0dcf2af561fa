// The chart code as the browser gets it: bundled with d3 by esbuild (see report.test.ts).
export { timeSeriesChart } from '../../src/render/timeSeriesChart.ts';
