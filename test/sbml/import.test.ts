import { describe, expect, it } from 'vitest';
import { BonesimError } from '../../src/errors.ts';
import { importSbml } from '../../src/formats/sbml/importModel.ts';
import { outputFor } from '../../src/formats/sbml/outputs.ts';
import { readSbml } from '../../src/formats/sbml/readSbml.ts';
import { evenTimes, simulateSbml } from '../../src/formats/sbml/simulateSbml.ts';
import { importedFiles } from '../../src/formats/sbml/toYaml.ts';

const L3 = (body: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"${extra}>\n<model id="m" timeUnits="second">${body}</model>\n</sbml>\n`;
const math = (content: string) => `<math xmlns="http://www.w3.org/1998/Math/MathML">${content}</math>`;
const decay = (kinetic = '<apply><times/><ci>k</ci><ci>S</ci></apply>') => L3(`
  <listOfCompartments><compartment id="c" size="2" constant="true"/></listOfCompartments>
  <listOfSpecies><species id="S" compartment="c" initialAmount="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
  <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
  <listOfReactions><reaction id="R" reversible="false">
    <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
    <kineticLaw>${math(kinetic)}</kineticLaw>
  </reaction></listOfReactions>`);

function importText(text: string) {
  return importSbml(readSbml(text, 'test.xml'));
}

function inputErrorOf(run: () => unknown): BonesimError {
  try {
    run();
  } catch (error) {
    if (error instanceof BonesimError) return error;
    throw error;
  }
  throw new Error('expected an input error');
}

describe('SBML import', () => {
  it('a species in concentration: d[S]/dt = -(k [S] V) / V; the column holds the concentration, --amounts the amount', () => {
    const system = importText(decay('<apply><times/><ci>k</ci><ci>S</ci><ci>c</ci></apply>'));
    const run = simulateSbml(system, { duration: 4, outputTimes: evenTimes(4, 4), outputs: [outputFor(system, 'S'), { ...outputFor(system, 'S', 'amount'), label: 'S_amount' }] });
    for (let k = 0; k <= 4; k++) {
      expect(run.series.S[k]).toBeCloseTo(2 * Math.exp(-0.5 * k), 9);
      expect(run.series.S_amount[k]).toBeCloseTo(4 * Math.exp(-0.5 * k), 9);
    }
  });

  it('translates MathML to bonesim expressions only (functions inlined, piecewise as conditionals), never code', () => {
    const text = L3(`
      <listOfFunctionDefinitions><functionDefinition id="f">${math('<lambda><bvar><ci>x</ci></bvar><apply><power/><ci>x</ci><cn>2</cn></apply></lambda>')}</functionDefinition></listOfFunctionDefinitions>
      <listOfParameters><parameter id="p" constant="false"/><parameter id="q" value="3" constant="true"/></listOfParameters>
      <listOfRules><assignmentRule variable="p">${math('<piecewise><piece><apply><ci>f</ci><ci>q</ci></apply><apply><gt/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply></piece><otherwise><cn>-1</cn></otherwise></piecewise>')}</assignmentRule></listOfRules>`);
    const system = importText(text);
    expect(system.model.expressions.find((e) => e.name === 'p')!.expr).toBe('t > 1 ? q ^ 2 : (-1)');
    const run = simulateSbml(system, { duration: 2, outputTimes: evenTimes(2, 2), outputs: [outputFor(system, 'p')] });
    expect(Array.from(run.series.p)).toEqual([-1, -1, 9]);
  });

  it('refuses what it cannot represent, naming the element, its id and why', () => {
    const fast = decay().replace('<reaction id="R" reversible="false">', '<reaction id="R" reversible="false" fast="true">');
    expect(inputErrorOf(() => importText(fast)).message).toMatch(/test\.xml:\d+: reaction "R" is marked fast="true"/);
    const unknown = decay('<apply><times/><ci>k2</ci><ci>S</ci></apply>');
    expect(inputErrorOf(() => importText(unknown)).message).toMatch(/"k2" is not an id of the model in the kineticLaw of reaction "R"/);
    const nonlinear = L3(`<listOfParameters><parameter id="x" value="1" constant="false"/></listOfParameters>
      <listOfRules><algebraicRule>${math('<apply><minus/><apply><power/><ci>x</ci><cn>2</cn></apply><cn>4</cn></apply>')}</algebraicRule></listOfRules>`);
    expect(inputErrorOf(() => importText(nonlinear)).message).toMatch(/the algebraic rule 0 = x \^ 2 - 4 is not linear in x/);
    const unknownOperator = decay('<apply><csymbol definitionURL="http://example.org/eval">e</csymbol><cn>1</cn></apply>');
    expect(inputErrorOf(() => importText(unknownOperator)).message).toMatch(/csymbol function "http:\/\/example.org\/eval" is not part of SBML/);
    const required = decay().replace('level="3" version="2"', 'level="3" version="2" xmlns:spatial="http://www.sbml.org/sbml/level3/version1/spatial/version1" spatial:required="true"');
    expect(inputErrorOf(() => importText(required)).message).toMatch(/requires the SBML package "spatial"/);
  });

  it('malformed XML is an input error with the line', () => {
    const broken = decay().replace('</listOfSpecies>', '</listOfSpecie>');
    const error = inputErrorOf(() => importText(broken));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/^test\.xml:\d+:\d+: the file is not well-formed XML/);
    expect(inputErrorOf(() => importText('<sbml level="1" version="2"><model/></sbml>')).message).toMatch(/SBML Level 1 is not supported/);
    expect(inputErrorOf(() => importText('<notsbml/>')).message).toMatch(/root element is <notsbml>/);
  });

  it('a variable compartment: the amount is integrated and the concentration follows the size', () => {
    const text = L3(`
      <listOfCompartments><compartment id="c" size="1" constant="false"/></listOfCompartments>
      <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
      <listOfRules><rateRule variable="c">${math('<cn>1</cn>')}</rateRule></listOfRules>
      <listOfReactions><reaction id="R" reversible="false"><listOfProducts><speciesReference species="S" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math('<cn>1</cn>')}</kineticLaw></reaction></listOfReactions>`);
    const system = importText(text);
    expect(system.variables.get('S')!.amount).toBe('S_amount');
    const run = simulateSbml(system, { duration: 2, outputTimes: evenTimes(2, 2), outputs: [outputFor(system, 'S'), outputFor(system, 'c')] });
    // amount 1 + t in volume 1 + t: concentration 1 throughout.
    expect(Array.from(run.series.c)).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 12)));
    for (const value of run.series.S) expect(value).toBeCloseTo(1, 12);
  });

  it('events with a delay run at trigger time + delay with the values of the trigger time; a model file refuses them', () => {
    const text = L3(`
      <listOfParameters><parameter id="p" value="0" constant="false"/><parameter id="q" value="0" constant="false"/></listOfParameters>
      <listOfRules><rateRule variable="q">${math('<cn>1</cn>')}</rateRule></listOfRules>
      <listOfEvents><event id="E" useValuesFromTriggerTime="true">
        <trigger initialValue="true" persistent="true">${math('<apply><geq/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply>')}</trigger>
        <delay>${math('<cn>0.5</cn>')}</delay>
        <listOfEventAssignments><eventAssignment variable="p">${math('<ci>q</ci>')}</eventAssignment></listOfEventAssignments>
      </event></listOfEvents>`);
    const system = importText(text);
    const run = simulateSbml(system, { duration: 2, outputTimes: evenTimes(2, 4), outputs: [outputFor(system, 'p')] });
    // Triggered at t = 1 (q = 1), assigned at t = 1.5.
    expect(Array.from(run.series.p)).toEqual([0, 0, 0, 1, 1].map((v) => expect.closeTo(v, 9)));
    expect(run.events).toEqual([{ time: expect.closeTo(1.5, 9), event: 'E' }]);
    expect(inputErrorOf(() => importedFiles(system, { modelReference: 'm.yaml', scenarioId: 'm', duration: 2, outputEvery: 0.5 })).message)
      .toMatch(/SBML event "E" has a delay, which bonesim scenario events cannot represent/);
  });
});
