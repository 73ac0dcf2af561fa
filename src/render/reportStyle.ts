/** The stylesheet inlined into every report and notebook page: no web fonts, no network. */
export const REPORT_CSS = `
:root {
  --text: #1f2328; --muted: #5f6368; --rule: #d9dce0; --soft: #f5f6f8; --accent: #0072B2;
  --loss: #a8400a; --gain: #00704f;
  font-family: "DejaVu Sans", "Segoe UI", Verdana, Arial, sans-serif;
  color: var(--text); background: #fff; line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
main, header.page { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 28px; padding-bottom: 8px; border-bottom: 1px solid var(--rule); }
header.page h1 { font-size: 1.75rem; margin: 0 0 6px; letter-spacing: -0.01em; }
header.page .meta { color: var(--muted); font-size: 0.85rem; margin: 4px 0 14px; }
.lede { font-size: 1.08rem; max-width: 70em; }
.lede p { margin: 0.35em 0; }
h2 { font-size: 1.25rem; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 22px 0 8px; }
p, li { max-width: 75em; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; background: var(--soft); padding: 1px 4px; border-radius: 3px; }
pre { background: var(--soft); padding: 10px 14px; border-radius: 6px; overflow-x: auto; font-size: 0.85rem; }
a { color: var(--accent); }

.toolbar { display: flex; flex-wrap: wrap; gap: 10px 24px; align-items: center; margin: 12px 0 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 6px; font-size: 0.92rem; }
.swatch { flex: none; vertical-align: middle; }

.scale-toggle { position: absolute; opacity: 0; width: 1px; height: 1px; }
.switch { display: inline-flex; align-items: center; gap: 8px; cursor: pointer; user-select: none; font-size: 0.92rem; }
.switch .track { width: 34px; height: 18px; border-radius: 9px; background: #c4c7cc; position: relative; transition: background 0.15s; }
.switch .track::after { content: ""; position: absolute; top: 2px; left: 2px; width: 14px; height: 14px; border-radius: 50%; background: #fff; transition: left 0.15s; }
#log-scale:checked ~ main .switch .track { background: var(--accent); }
#log-scale:checked ~ main .switch .track::after { left: 18px; }
#log-scale:focus-visible ~ main .switch .track { outline: 2px solid var(--accent); outline-offset: 2px; }

.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(460px, 100%), 1fr)); gap: 18px 22px; }
/* min-width 0: a grid item otherwise grows to its content, and the wide lead chart pushed the page sideways on a phone. */
figure.chart { min-width: 0; margin: 0; padding: 10px 10px 6px; border: 1px solid var(--rule); border-radius: 8px; background: #fff; }
figure.chart.hero { grid-column: 1 / -1; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: 0.82rem; margin: 4px 4px 2px; }
.chart .log { display: none; }
#log-scale:checked ~ main .chart .linear { display: none; }
#log-scale:checked ~ main .chart .log { display: block; }

table { border-collapse: collapse; font-size: 0.9rem; }
.table-scroll { overflow-x: auto; }
th, td { padding: 5px 10px; text-align: left; vertical-align: top; }
table.metrics td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.metrics thead th { border-bottom: 2px solid var(--text); vertical-align: bottom; font-size: 0.85rem; }
table.metrics thead th span { display: block; max-width: 12em; white-space: normal; }
table.metrics tbody th { font-weight: normal; }
table.metrics tr.group th { background: var(--soft); font-weight: bold; padding-top: 8px; border-top: 1px solid var(--rule); }
table.metrics .unit, table.metrics .when { color: var(--muted); font-size: 0.8rem; }
table.metrics .when { display: block; }
table.metrics td.loss { color: var(--loss); font-weight: bold; }
table.metrics td.gain { color: var(--gain); font-weight: bold; }
table.scenarios td, table.scenarios th { border-bottom: 1px solid var(--rule); }
table.scenarios td.description { max-width: 38em; }
table.scenarios .events { color: var(--muted); font-size: 0.82rem; }
.expectation-status { font-size: 0.82rem; white-space: nowrap; }
.pass { color: var(--gain); }
.fail { color: var(--loss); font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 0.9rem; }
dl.facts dt { color: var(--muted); }
/* Long paths and versions wrap rather than push a phone page sideways. */
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
footer { max-width: 1180px; margin: 40px auto 30px; padding: 12px 24px 0; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.8rem; }

@media (max-width: 640px) {
  main, header.page { padding: 0 12px; }
  header.page h1 { font-size: 1.3rem; }
  .lede { font-size: 1rem; }
  figure.chart { padding: 6px 4px 4px; }
  /* The wide lead chart keeps a legible size and scrolls inside its frame. */
  figure.chart.hero { overflow-x: auto; }
  figure.chart.hero svg { min-width: 680px; }
}
@media print {
  .toolbar .switch, .scale-toggle { display: none; }
  figure.chart { break-inside: avoid; }
}
`;
