import { describe, expect, it } from 'vitest';
import { modelToSbml } from '../../../src/formats/sbml/exportModel.ts';
import { citationUris } from '../../../src/formats/sbml/miriam.ts';
import { unitIdFromText } from '../../../src/formats/sbml/unitDefinitions.ts';
import { escapeAttribute, escapeText, indentXml, numberText } from '../../../src/formats/sbml/writeXml.ts';
import { toyModel } from '../../helpers.ts';
import { describeProblems, libsbmlCheck, writeSbml } from './sbmlTools.ts';

describe('text in exported SBML', () => {
  it('escapes what XML gives a meaning and drops what XML cannot carry', () => {
    expect(escapeText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeText(']]> &amp; stays text')).toBe(']]&gt; &amp;amp; stays text');
    expect(escapeText('bell\u0007 and nul\u0000 gone, tab\tand newline\nkept, \u00b5 \u03b2 \u{1f9b4} kept')).toBe('bell and nul gone, tab\tand newline\nkept, \u00b5 \u03b2 \u{1f9b4} kept');
    expect(escapeText('lone surrogate \ud800 dropped')).toBe('lone surrogate  dropped');
    expect(escapeAttribute('say "no" & \'yes\'\n')).toBe('say &quot;no&quot; &amp; &apos;yes&apos;&#10;');
    expect(numberText(-0)).toBe('0');
    expect(numberText(6.196390627918603e-4)).toBe('0.0006196390627918603');
    expect(Number(numberText(0.1 + 0.2))).toBe(0.1 + 0.2);
    expect(() => numberText(NaN)).toThrow();
  });

  it('indents elements without touching text inside them', () => {
    expect(indentXml('<a><b>x &lt; y</b><c/><d><e>1<sep/>2</e></d></a>')).toBe('<a>\n  <b>x &lt; y</b>\n  <c/>\n  <d>\n    <e>1<sep/>2</e>\n  </d>\n</a>');
  });

  it('reads DOIs, PubMed ids and BioModels ids out of a citation', () => {
    expect(citationUris('Smith J. Bone 2001;1:2. doi:10.1016/S8756-3282(03)00157-1. PMID: 12345678; see also https://doi.org/10.1000/xyz123, BioModels BIOMD0000000278.')).toEqual([
      { qualifier: 'bqmodel:isDescribedBy', uris: ['https://identifiers.org/doi:10.1016/S8756-3282(03)00157-1', 'https://identifiers.org/doi:10.1000/xyz123', 'https://identifiers.org/pubmed:12345678'] },
      { qualifier: 'bqmodel:isDerivedFrom', uris: ['https://identifiers.org/biomodels.db:BIOMD0000000278'] },
    ]);
    expect(citationUris('(Jones 2010, doi:10.1234/abc)')).toEqual([{ qualifier: 'bqmodel:isDescribedBy', uris: ['https://identifiers.org/doi:10.1234/abc'] }]);
    expect(citationUris('a textbook, no identifiers')).toEqual([]);
  });

  it('names unit definitions after the unit text where that makes an id', () => {
    expect(['pM', 'pM/day', '1/day', '1/(pM*day)', '%', '%/(pM*day)', 'ng/mL', 'pM/pM', 'cell^2', '\u00b5g/day'].map(unitIdFromText))
      .toEqual(['pM', 'pM_per_day', 'per_day', 'per_pM_day', 'percent', 'percent_per_pM_day', 'ng_per_mL', 'pM_per_pM', 'cell2', 'ug_per_day']);
  });

  it('writes titles, descriptions, sources and notes with markup characters so that libSBML reads them back as written', () => {
    const title = 'Bone <model> & "quotes" \'apostrophes\' ]]> \u03b2-catenin \u00b5M \u2212 (test)';
    const description = 'Looks like markup: <script>alert(1)</script> &amp; <p>not a paragraph</p>; a bell \u0007 is dropped.';
    const source = 'Table 1 <row 3> & "footnote"';
    const model = toyModel({
      title,
      description,
      citation: 'Doe J. <J> & Co 2020. doi:10.1000/a&b<c>',
      notes: 'x < y & y > z',
      parameters: [{ name: 'k', value: 0.5, unit: '1/day', description: 'decay <fast> & "first order"', source }],
      annotations: { x: { hgnc: 'TNFSF11', note: 'free <RANKL> & bound' } },
    });
    const xml = modelToSbml(model).xml;
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
    const [check] = libsbmlCheck([writeSbml(xml, 'text')]);
    expect(check.problems, describeProblems(check.problems)).toEqual([]);
    expect(check.modelName).toBe(title);
    const modelNotes = check.notes.toy;
    expect(modelNotes).toContain(title);
    expect(modelNotes).toContain('Looks like markup: <script>alert(1)</script> &amp; <p>not a paragraph</p>; a bell is dropped.');
    expect(modelNotes).toContain('Citation: Doe J. <J> & Co 2020. doi:10.1000/a&b<c>');
    expect(modelNotes).toContain('x < y & y > z');
    expect(check.notes.k).toBe(`decay <fast> & "first order" Unit: 1/day Source: ${source}`);
    expect(check.notes.x).toContain('Annotation: free <RANKL> & bound');
    expect(check.annotations.toy).toEqual([['bqmodel:isDescribedBy', 'https://identifiers.org/doi:10.1000/a&b<c>']]);
  });
});
