import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSteadyState } from '../../../src/solve/steadyState.ts';
import { BonesimError } from '../../../src/errors.ts';
import { scenarioForSbml, scenarioToSbml } from '../../../src/formats/sbml/exportScenario.ts';
import { compileModel } from '../../../src/model/compile.ts';
import { loadScenario } from '../../../src/node/scenarioFiles.ts';
import { describeProblems, libsbmlCheck, libsbmlCheckInParallel, writeSbml } from './sbmlTools.ts';

const SCENARIO_FILES = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${f}`);

describe('SBML export of a scenario', () => {
  it('exports every shipped scenario to SBML that libSBML finds free of errors and warnings, units included', async () => {
    expect(SCENARIO_FILES.length).toBeGreaterThanOrEqual(40);
    const files = SCENARIO_FILES.map((file) => {
      const { scenario, model } = loadScenario(file);
      return writeSbml(scenarioToSbml(scenario, model).xml, scenario.id);
    });
    const checks = await libsbmlCheckInParallel(files);
    checks.forEach((check, k) => {
      expect(check.problems, `${SCENARIO_FILES[k]}:\n${describeProblems(check.problems)}`).toEqual([]);
      expect(check.missingUnits, SCENARIO_FILES[k]).toEqual([]);
    });
  }, 300_000);

  it('starts from the steady state bonesim starts from, with the scenario\'s parameter changes as values', () => {
    const { scenario, model } = loadScenario('scenarios/lemaire-opg-knockout.yaml');
    const plan = scenarioForSbml(scenario, model);
    const compiled = compileModel(model);
    const steady = findSteadyState(compiled, compiled.p0, compiled.y0);
    model.species.forEach((s, i) => expect(plan.initial[s.name], s.name).toBe(steady.y[i]));
    expect(plan.parameters).toEqual({ K_OP: 0 });
    expect(plan.events).toEqual([]);
    expect(plan.notes.mapping.join(' ')).toMatch(/steady state at its own parameter values.*K_OP = 0/s);
  });

  it('applies events at t = 0 to the start and writes later ones as SBML events at their times', () => {
    const { scenario, model } = loadScenario('scenarios/pivonka-pth-infusion.yaml');
    const plan = scenarioForSbml(scenario, model);
    expect(plan.parameters).toEqual({ P_PTH_d: 1000 });
    expect(plan.events).toEqual([{ key: 'event1', name: 'PTH infusion stops at t = 100 day', trigger: { time: 100 }, priority: undefined, assignments: [{ target: 'P_PTH_d', value: { type: 'num', value: 0 } }], once: false }]);
    const [check] = libsbmlCheck([writeSbml(scenarioToSbml(scenario, model).xml, 'pth')]);
    expect(check.eventNames).toEqual({ event1: 'PTH infusion stops at t = 100 day' });
  });

  it('writes every occurrence of a repeated dose as its own event, the first folded into the start', () => {
    const { scenario, model } = loadScenario('scenarios/denosumab.yaml');
    const plan = scenarioForSbml(scenario, model);
    expect(plan.initial.DEN_sc).toBe(60);
    expect(plan.events.map((e) => ('time' in e.trigger ? e.trigger.time : NaN))).toEqual([183, 366, 549, 732, 915]);
    expect(plan.events.map((e) => e.key)).toEqual(['event0_2', 'event0_3', 'event0_4', 'event0_5', 'event0_6']);
    expect(plan.events[0].assignments).toEqual([{ target: 'DEN_sc', value: { type: 'binary', op: '+', left: { type: 'sym', name: 'DEN_sc' }, right: { type: 'num', value: 60 } } }]);
  });

  it('orders events at the same time as the file does, and carries state events, once, start values and time courses', () => {
    const { scenario, model } = loadScenario('test/fixtures/sbml/lemaire-events.yaml');
    const plan = scenarioForSbml(scenario, model);
    expect(plan.initial.BV).toBe(99);
    expect(plan.parameters).toEqual({ K_OP: 1.9e5 });
    const atTen = plan.events.filter((e) => 'time' in e.trigger && e.trigger.time === 10);
    expect(atTen.map((e) => [e.name, e.priority])).toEqual([['I_P = 500 at t = 10 day', 2], ['I_P = I_P * 2 at t = 10 day', 1]]);
    expect(Object.keys(plan.inputs)).toEqual(['I_O']);
    const xml = scenarioToSbml(scenario, model).xml;
    const [check] = libsbmlCheck([writeSbml(xml, 'events')]);
    expect(check.problems, describeProblems(check.problems)).toEqual([]);
    expect(check.counts).toMatchObject({ events: 5, initialAssignments: 1 }); // C_0, read by both state events
    expect(check.eventNames).toMatchObject({ when3: 'osteoclasts up by a fifth', when4: 'C > 1.4 * C_0' });
    expect(xml).toMatch(/<parameter id="when3_fired" value="0" units="dimensionless" constant="false">/);
    expect(xml).toMatch(/<assignmentRule variable="I_O">/);
    expect(xml).toMatch(/<parameter id="I_P" value="0" units="pM_per_day" constant="false">/);
    expect(xml).toMatch(/<initialAssignment symbol="C_0">/);
    // The record-only event has only its once flag to set.
    expect(xml).toMatch(/<event id="when3" name="osteoclasts up by a fifth" useValuesFromTriggerTime="false">(?:(?!<\/event>).)*<eventAssignment variable="when3_fired">(?:(?!<\/event>).)*<\/event>/s);
  });

  it('says in the notes what SBML cannot carry: run settings and the expected outcome', () => {
    const { scenario, model } = loadScenario('scenarios/estrogen-deficiency.yaml');
    const { notes } = scenarioToSbml(scenario, model);
    expect(notes.notCarried.join('\n')).toMatch(/Run settings: duration 3652.5 day, output every 7 day, solver auto \(rtol 1e-8, atol 1e-14\)/);
    expect(notes.notCarried.join('\n')).toMatch(/expected outcome.*BV\(1 year\) < BV\(0\) \(bone is lost from the first year\)/);
    expect(notes.mapping.join('\n')).toMatch(/assignment rules of time: E2 = t < 1 year \? 1 - 0.9 \* t \/ \(1 year\) : 0.1/);
  });

  it('refuses a scenario that ends its own run, naming the event and what to do', () => {
    const { scenario, model } = loadScenario('test/fixtures/sbml/lemaire-stop.yaml');
    let error: unknown;
    try {
      scenarioForSbml(scenario, model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BonesimError);
    const e = error as BonesimError;
    expect(e.kind).toBe('input');
    expect(e.location.field).toBe('events[1].stop');
    expect(e.message).toMatch(/lemaire-stop\.yaml.*the event "bone loss" ends the run \(stop: true\), which SBML cannot express/);
    expect(e.hint).toMatch(/without `stop: true`/);
  });
});
