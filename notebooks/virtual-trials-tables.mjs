// Tables for notebooks/virtual-trials.md from `bonesim trial` outputs (trial.json):
//   node notebooks/virtual-trials-tables.mjs OUT/freedom OUT/denosumab-phase2 ...
// Each data point with the model's value and whether it meets issue 11's goal for it:
// FREEDOM total hip within the 95 % CI or 0.5 points; phase-2 BMD within 1 point, CTX and BSAP within 10 points;
// every other point within its own spread (interval or tolerance).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const goal = (trial, d) => {
  if (trial === 'freedom' && d.endpoint === 'BMD_total_hip') return { ok: d.within || Math.abs(d.residual) <= 0.5, rule: 'CI or 0.5' };
  if (trial === 'denosumab-phase2' && d.endpoint.startsWith('BMD')) return { ok: Math.abs(d.residual) <= 1, rule: '1 point' };
  if (trial === 'denosumab-phase2') return { ok: Math.abs(d.residual) <= 10, rule: '10 points' };
  return { ok: d.within, rule: 'its spread' };
};
const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(2));
let met = 0;
let all = 0;
console.log('| trial | arm | endpoint | visit | data (spread) | model | model - data | goal | met |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const dir of process.argv.slice(2)) {
  const run = JSON.parse(readFileSync(join(dir, 'trial.json'), 'utf8'));
  for (const d of run.data) {
    const g = goal(run.trial.id, d);
    all++;
    if (g.ok) met++;
    const arm = d.over ? `${d.arm} over ${d.over}` : d.arm;
    console.log(`| ${run.trial.id} | ${arm} | ${d.endpoint} | ${d.visit} | ${fmt(d.value)} (${fmt(d.low)}-${fmt(d.high)}) | ${fmt(d.model)} | ${d.residual >= 0 ? '+' : ''}${d.residual.toFixed(2)} | ${g.rule} | ${g.ok ? 'yes' : '**no**'} |`);
  }
}
console.log(`\n${met} of ${all} points meet their goal.`);
