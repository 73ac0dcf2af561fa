import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelToSbml } from '../../../src/formats/sbml/exportModel.ts';
import { importSbml } from '../../../src/formats/sbml/importModel.ts';
import { readSbml } from '../../../src/formats/sbml/readSbml.ts';
import { loadModel } from '../../../src/node/modelFiles.ts';
import type { Model } from '../../../src/model/model.ts';
import { parseUnit, type BaseQuantity } from '../../../src/model/units.ts';
import { describeProblems, libsbmlCheck, writeSbml, type LibsbmlCheck } from './sbmlTools.ts';

const MODEL_IDS = readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

/** A bonesim unit in SI base units, as libSBML's convertToSI writes it (litre = 1e-3 m^3, gram = 1e-3 kg, day = 86400 s). */
function siOf(unit: string, nominal: ReadonlyMap<string, number>): { kinds: Record<string, number>; factor: number } {
  const d = parseUnit(unit, nominal);
  const e = (q: BaseQuantity) => d.exponents[q] ?? 0;
  const kinds: Record<string, number> = { mole: e('amount'), metre: 3 * e('volume'), kilogram: e('mass'), second: e('time'), item: e('cells') };
  for (const k of Object.keys(kinds)) if (kinds[k] === 0) delete kinds[k];
  return { kinds, factor: d.scale * 1e-3 ** e('volume') * 1e-3 ** e('mass') * 86400 ** e('time') };
}

describe('SBML export of every shipped model', () => {
  const models = new Map<string, Model>();
  const checks = new Map<string, LibsbmlCheck>();
  beforeAll(() => {
    const files = MODEL_IDS.map((id) => {
      const model = loadModel(`models/${id}.yaml`);
      models.set(id, model);
      return writeSbml(modelToSbml(model).xml, id);
    });
    libsbmlCheck(files).forEach((check, k) => checks.set(MODEL_IDS[k], check));
  }, 120_000);

  it('covers the seven shipped models', () => {
    expect(MODEL_IDS).toEqual(['bone-rankl', 'bone-rankl-clinical', 'bone-rankl-explicit', 'komarova2003', 'lemaire2004', 'pivonka2008', 'pivonka2008-explicit']);
  });

  it.each(MODEL_IDS)('%s: libSBML reads SBML L3V2 and finds 0 errors and 0 warnings in every consistency check, units included', (id) => {
    const check = checks.get(id)!;
    expect([check.level, check.version]).toEqual([3, 2]);
    expect(check.libsbml).toMatch(/^5\./);
    expect(check.problems, describeProblems(check.problems)).toEqual([]);
  });

  it.each(MODEL_IDS)('%s: every bonesim quantity is in the SBML with its own units, as libSBML reads them', (id) => {
    const model = models.get(id)!;
    const check = checks.get(id)!;
    expect(check.missingUnits).toEqual([]);
    expect(check.timeUnits).toBe(model.timeUnit);
    const nominal = new Map([...model.parameters.map((p) => [p.name, p.value] as const), ...model.inputs.map((i) => [i.name, i.default] as const)]);
    const declared = [...model.species, ...model.parameters, ...model.inputs, ...model.observables, ...model.expressions.filter((e) => e.unit)];
    expect(declared.length).toBeGreaterThan(10);
    for (const x of declared) {
      const read = check.units[x.name];
      expect(read, `${x.name} is not in the SBML`).toBeDefined();
      const expected = siOf(x.unit!, nominal);
      expect(read.kinds, `${x.name} (${x.unit})`).toEqual(expected.kinds);
      expect(Math.abs(read.factor / expected.factor - 1), `${x.name} (${x.unit}): ${read.factor} vs ${expected.factor}`).toBeLessThan(1e-12);
    }
    // Expressions without a declared unit get the unit they work out to.
    for (const e of model.expressions.filter((x) => !x.unit)) expect(check.units[e.name], e.name).toBeDefined();
    expect(check.units.bone_microenvironment).toEqual({ kinds: { metre: 3 }, factor: expect.closeTo(1e-3, 15) });
  });

  it('writes the citations as MIRIAM isDescribedBy (identifiers.org DOIs) and the curated BioModels entries as isDerivedFrom', () => {
    expect(checks.get('lemaire2004')!.annotations.lemaire2004).toEqual([
      ['bqmodel:isDescribedBy', 'https://identifiers.org/doi:10.1016/j.jtbi.2004.03.023'],
      ['bqmodel:isDerivedFrom', 'https://identifiers.org/biomodels.db:BIOMD0000000278'],
    ]);
    expect(checks.get('komarova2003')!.annotations.komarova2003).toEqual([
      ['bqmodel:isDescribedBy', 'https://identifiers.org/doi:10.1016/S8756-3282(03)00157-1'],
      ['bqmodel:isDerivedFrom', 'https://identifiers.org/biomodels.db:BIOMD0000000148'],
    ]);
    for (const id of ['pivonka2008', 'pivonka2008-explicit']) {
      expect(checks.get(id)!.annotations[id.replace('-', '_')]).toContainEqual(['bqmodel:isDescribedBy', 'https://identifiers.org/doi:10.1016/j.bone.2008.03.025']);
    }
    // bone-rankl's citation names papers without DOIs: nothing is made up; the citation is in the notes.
    expect(checks.get('bone-rankl')!.annotations.bone_rankl).toBeUndefined();
    expect(checks.get('bone-rankl')!.notes.bone_rankl).toContain('Martinez-Reina J, Pivonka P. Bone 2019;125:87-95');
  });

  it('annotates gene products with HGNC symbols and NCBI Gene ids: bqbiol:is for amounts, isPropertyOf for activities', () => {
    expect(checks.get('lemaire2004')!.annotations.RANKL).toEqual([
      ['bqbiol:is', 'https://identifiers.org/hgnc.symbol:TNFSF11'],
      ['bqbiol:is', 'https://identifiers.org/ncbigene:8600'],
    ]);
    const boneRankl = checks.get('bone-rankl')!.annotations;
    expect(boneRankl.OPG).toContainEqual(['bqbiol:is', 'https://identifiers.org/ncbigene:4982']);
    expect(boneRankl.NFkB).toEqual([['bqbiol:isPropertyOf', 'https://identifiers.org/hgnc.symbol:NFKB1'], ['bqbiol:isPropertyOf', 'https://identifiers.org/ncbigene:4790']]);
    expect(boneRankl.miR214).toContainEqual(['bqbiol:isPropertyOf', 'https://identifiers.org/mirbase:MI0000290']);
    // Every annotation of the model file is in the SBML.
    for (const id of MODEL_IDS) {
      const model = models.get(id)!;
      for (const [name, a] of Object.entries(model.annotations)) {
        if (a.entrez === undefined) continue;
        expect(checks.get(id)!.annotations[name]?.map(([, uri]) => uri), `${id} ${name}`).toContain(`https://identifiers.org/ncbigene:${a.entrez}`);
      }
    }
  });

  it('keeps descriptions, sources, ranges and annotation notes as notes', () => {
    const lemaire = checks.get('lemaire2004')!.notes;
    expect(lemaire.D_R).toBe('ROB production from uncommitted progenitors Unit: pM/day Source: Lemaire 2004 Table 1; BIOMD0000000278');
    expect(lemaire.R).toContain('Initial value source: published steady state: Lemaire 2004');
    expect(lemaire.pi_L).toContain('RANKL (TNFSF11, Entrez 8600) bound to RANK (TNFRSF11A, Entrez 8792)');
    expect(lemaire.lemaire2004).toContain('Three bone cell populations');
    expect(checks.get('bone-rankl')!.notes.a_NFATc1).toContain('Admissible range: 0.4 to 0.95 1');
    expect(checks.get('komarova2003')!.notes.alpha1).toContain('cell^(1-g11-g21)/day (SBML unit exponents are numbers');
  });

  it('writes bonesim states by their units: concentrations and amounts as species, the rest as parameters with rate rules', () => {
    const counts = (id: string) => checks.get(id)!.counts;
    expect(counts('lemaire2004')).toMatchObject({ species: 3, rules: 1 + 3 + 7 + 7, events: 0 }); // BV a parameter; 7 expressions, 7 observables
    expect(counts('komarova2003').species).toBe(2); // x1, x2 in cells; z (%) is a parameter
    expect(counts('bone-rankl').species).toBe(10); // pM, mg, ng/mL, umol, ug states; NFkB, NFATc1, CREB, Runx2_avail, T, BV are parameters
    expect(counts('bone-rankl-clinical').species).toBe(13); // bone-rankl's ten and the denosumab PK's DEN_c, DEN_p (nM, nmol) and RANKL_pk (nM); the site volumes and mineral contents (%, 1) are parameters with rate rules
    for (const id of MODEL_IDS) {
      const model = models.get(id)!;
      const rules = model.species.length + model.expressions.length + model.observables.length;
      const lifted = id === 'komarova2003' ? 2 : 0; // x1_bar's and x2_bar's exponents read gamma (exportExponents.ts)
      expect(counts(id).rules, id).toBe(rules + lifted);
      expect(counts(id).parameters, id).toBe(model.parameters.length + model.inputs.length + model.expressions.length + model.observables.length +
        model.species.length - counts(id).species + lifted);
    }
  });

  it('exports a model imported from SBML without units (Ayati 2010, BIOMD0000000401): no errors, and every warning is about a unit the source never declared', () => {
    const source = readFileSync('test/fixtures/biomodels/BIOMD0000000401.xml', 'utf8');
    const imported = importSbml(readSbml(source, 'BIOMD0000000401.xml')).model;
    expect(imported.species.every((x) => x.unit === 'unknown')).toBe(true);
    const exported = modelToSbml(imported);
    expect(exported.notes.notCarried.join(' ')).toMatch(/Quantities without a unit .* are written without one/);
    const [check] = libsbmlCheck([writeSbml(exported.xml, 'ayati2010')]);
    expect(check.problems.filter((p) => p.severity !== 'Warning'), describeProblems(check.problems)).toEqual([]);
    // 99505/99508: units cannot be checked or derived; 20702, 20616, 80701: no units declared.
    expect([...new Set(check.problems.map((p) => p.id))].sort()).toEqual([20616, 20702, 80701, 99505, 99508]);
    expect(check.counts.species).toBe(imported.species.length);
  });

  it('is a pure function of the model: the same model gives the same text', () => {
    const model = models.get('bone-rankl')!;
    expect(modelToSbml(model).xml).toBe(modelToSbml(model).xml);
  });
});
