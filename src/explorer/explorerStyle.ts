/** The explorer's layout, on top of the reports' stylesheet (src/render/reportStyle.ts). */
export const EXPLORER_CSS = `
header.page { max-width: 1480px; }
header.page .lede { font-size: 1rem; }
.explorer { max-width: 1480px; margin: 0 auto; padding: 0 24px; display: grid; gap: 0 28px; align-items: start;
  grid-template-columns: minmax(280px, 350px) minmax(0, 1fr); grid-template-rows: auto 1fr; grid-template-areas: "choose main" "tune main"; }
.choose { grid-area: choose; }
.tune { grid-area: tune; }
/* The charts stay in view while the controls beside them scroll. */
.explorer > main { grid-area: main; max-width: none; margin: 0; padding: 0 4px 24px; min-width: 0; position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }
.controls { padding: 14px 2px 4px; }
.tune { padding-bottom: 28px; }
.controls h2, .explorer main h2 { font-size: 1.1rem; margin: 22px 0 8px; }
.controls label.field { display: block; font-weight: bold; font-size: 0.9rem; margin: 10px 0 4px; }
.controls select, .controls input[type="search"], .controls textarea { width: 100%; font: inherit; font-size: 0.92rem; padding: 6px 8px; border: 1px solid #8a8f96; border-radius: 5px; background: #fff; color: var(--text); }
.controls textarea { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8rem; min-height: 18em; resize: vertical; white-space: pre; }
.scenario-description { color: var(--muted); font-size: 0.85rem; margin: 6px 0; }
button { font: inherit; font-size: 0.88rem; padding: 6px 12px; border: 1px solid #8a8f96; border-radius: 5px; background: var(--soft); color: var(--text); cursor: pointer; }
button:hover { background: #e8eaed; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
details.editor summary { cursor: pointer; font-weight: bold; font-size: 0.9rem; margin: 12px 0 6px; }
fieldset { border: 1px solid var(--rule); border-radius: 8px; margin: 16px 0 0; padding: 8px 12px 12px; min-width: 0; }
legend { font-weight: bold; font-size: 0.95rem; padding: 0 4px; }
fieldset .note { color: var(--muted); font-size: 0.8rem; margin: 2px 0 8px; }
.toggle { display: flex; gap: 8px; align-items: flex-start; margin: 6px 0; font-size: 0.86rem; }
.toggle input { width: 18px; height: 18px; margin: 1px 0 0; flex: none; accent-color: var(--accent); }
.toggle code { font-size: 0.8rem; }
.toggle .description { display: block; color: var(--muted); font-size: 0.78rem; }
.slider-tools { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
.slider-tools input { flex: 1; min-width: 0; }
.slider-list { display: flex; flex-direction: column; gap: 8px; }
.slider { padding: 4px 0 6px; border-bottom: 1px solid var(--soft); }
.slider label { display: flex; justify-content: space-between; gap: 8px; font-size: 0.84rem; }
.slider label .value { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.slider.changed label .value { color: var(--accent); font-weight: bold; }
.slider input[type="range"] { width: 100%; margin: 4px 0 0; accent-color: var(--accent); }
.slider .description { color: var(--muted); font-size: 0.76rem; margin: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.slider .range { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.72rem; }
.explorer .toolbar { position: sticky; top: 0; background: #fff; z-index: 1; padding: 10px 0 8px; margin: 0; border-bottom: 1px solid var(--rule); }
.explorer .toolbar .switch input { width: 18px; height: 18px; margin: 0; accent-color: var(--accent); }
#status { color: var(--muted); font-size: 0.82rem; }
.error { border: 2px solid var(--loss); border-radius: 8px; padding: 8px 14px; margin: 12px 0; background: #fff5f0; }
.error pre { background: none; padding: 0; margin: 4px 0; white-space: pre-wrap; color: var(--text); font-size: 0.85rem; }
.error p { margin: 0; font-weight: bold; color: var(--loss); }
.explorer .charts { grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr)); margin-top: 14px; }
.explorer .charts.stale { opacity: 0.45; }
.quantity-list { display: flex; flex-wrap: wrap; gap: 2px 16px; }
.quantity-list .toggle { margin: 2px 0; }
ul.expectations { padding-left: 0; list-style: none; font-size: 0.88rem; }
ul.expectations li { margin: 3px 0; }
ul.expectations .why { color: var(--muted); }
.loading { padding: 40px 24px; color: var(--muted); }
@media (max-width: 760px) {
  header.page { padding: 14px 14px 6px; }
  header.page h1 { font-size: 1.35rem; }
  .explorer { grid-template-columns: minmax(0, 1fr); grid-template-areas: "choose" "main" "tune"; padding: 0 14px; }
  .explorer > main { position: static; max-height: none; overflow: visible; padding: 0; }
  .controls { padding: 4px 0; }
  .slider-list { max-height: 55vh; overflow-y: auto; }
  .explorer .toolbar { position: static; gap: 6px 10px; }
  .explorer .toolbar button { padding: 4px 9px; font-size: 0.82rem; }
}
`;
