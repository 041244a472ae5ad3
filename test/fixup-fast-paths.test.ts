/**
 * The fix-up's shortcuts: repairs that find the few elements needing work from the elements
 * themselves (an a:pPr, a p:cNvPr) instead of reading every paragraph or shape. Each is held here
 * to doing the repair when the defect is there, wherever it sits, and to returning the very same
 * text when it is not.
 */
import { describe, expect, test } from 'vitest';
import { cleanXmlText, mayNeedCleaning } from '../src/render/pptx/fixup/chars.js';
import { addMissingTextBodies, mergeParagraphProperties } from '../src/render/pptx/fixup/slides.js';
import { DECORATIVE_EXT, markSlide } from '../src/render/pptx/fixup/slide-marks.js';
import { PptxPackage } from '../src/render/pptx/fixup/package.js';
import { elementAt, nextStartTag, previousStartTag } from '../src/render/pptx/fixup/xml.js';

const regular = (text: string) => `<a:p><a:pPr marL="0"><a:buNone/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>${text}</a:t></a:r></a:p>`;
const body = (...paragraphs: string[]) => `<p:sp><p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs.join('')}</p:txBody></p:sp>`;

describe('mergeParagraphProperties finds the paragraphs to merge from their a:pPr', () => {
  test('a paragraph with a second a:pPr (pptxgenjs: one per bold run), among regular ones, is merged', () => {
    const twice = '<a:p><a:pPr indent="-1"><a:buChar char="&#x2022;"/></a:pPr><a:r><a:rPr b="1"/><a:t>bold</a:t></a:r><a:pPr><a:buNone/></a:pPr><a:r><a:t>rest</a:t></a:r></a:p>';
    const xml = body(regular('one'), regular('two'), twice, regular('four'));
    const { xml: fixed, count } = mergeParagraphProperties(xml);
    expect(count).toBe(1);
    expect(fixed).toBe(body(regular('one'), regular('two'), '<a:p><a:pPr indent="-1"><a:buChar char="&#x2022;"/></a:pPr><a:r><a:rPr b="1"/><a:t>bold</a:t></a:r><a:r><a:t>rest</a:t></a:r></a:p>', regular('four')));
  });

  test('a lone a:pPr after a run, and a self-closing second one, are found too', () => {
    const late = '<a:p><a:r><a:t>x</a:t></a:r><a:pPr algn="ctr"/></a:p>';
    const doubled = '<a:p><a:pPr lvl="1"/><a:pPr algn="r"/><a:r><a:t>y</a:t></a:r></a:p>';
    const { xml: fixed, count } = mergeParagraphProperties(body(late, regular('z'), doubled));
    expect(count).toBe(2);
    expect(fixed).toBe(body('<a:p><a:pPr algn="ctr"/><a:r><a:t>x</a:t></a:r></a:p>', regular('z'), '<a:p><a:pPr lvl="1" algn="r"/><a:r><a:t>y</a:t></a:r></a:p>'));
  });

  test('paragraphs whose one a:pPr comes first, with attributes or spread over lines, are left as they are', () => {
    const xml = body(regular('one'), '<a:p\n  ><a:pPr/><a:r><a:t>two</a:t></a:r></a:p>', '<a:p><a:r><a:t>no pPr</a:t></a:r></a:p>', '<a:p/>', regular('three'));
    const result = mergeParagraphProperties(xml);
    expect(result.count).toBe(0);
    expect(result.xml).toBe(xml);
  });

  test('an a:pPr separated from its paragraph by whitespace alone needs nothing, as before', () => {
    const xml = body('<a:p> <a:pPr/><a:r><a:t>x</a:t></a:r></a:p>');
    expect(mergeParagraphProperties(xml)).toEqual({ xml, count: 0 });
  });
});

describe('markSlide finds the named shapes from their p:cNvPr', () => {
  const sp = (name: string, text = 'x', gap = '') => `<p:sp><p:nvSpPr>${gap}<p:cNvPr id="2" name="${name}" descr="d"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr/><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;
  const pic = (name: string) => `<p:pic><p:nvPicPr><p:cNvPr id="3" name="${name}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr></p:pic>`;
  const cxn = (name: string) => `<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="4" name="${name}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr></p:cxnSp>`;
  const frame = (name: string) => `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="${name}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr></p:graphicFrame>`;
  const group = (name: string, ...children: string[]) => `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="6" name="${name}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${children.join('')}</p:grpSp>`;
  const slide = (...objects: string[]) => `<p:sld><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${objects.join('')}</p:spTree></p:cSld></p:sld>`;
  const decorative = (name: string, id: string) => `<p:cNvPr id="${id}" name="${name}">${DECORATIVE_EXT}</p:cNvPr>`;

  test('shapes, pictures and connectors named decorative are marked, wherever they sit; frames and groups are not', () => {
    const xml = slide(sp('rule'), pic('logo'), cxn('line'), frame('rule'), group('rule', sp('rule', 'in group')), sp('title'));
    const out = markSlide(xml, { decorative: ['rule', 'logo', 'line'], fields: [] });
    expect(out).toBe(
      slide(
        sp('rule').replace('<p:cNvPr id="2" name="rule" descr="d"/>', decorative('rule', '2')),
        pic('logo').replace('<p:cNvPr id="3" name="logo"/>', decorative('logo', '3')),
        cxn('line').replace('<p:cNvPr id="4" name="line"/>', decorative('line', '4')),
        frame('rule'),
        group('rule', sp('rule', 'in group').replace('<p:cNvPr id="2" name="rule" descr="d"/>', decorative('rule', '2'))),
        sp('title'),
      ),
    );
  });

  test('whitespace between p:nvSpPr and p:cNvPr (a placeholder as pptxgenjs writes one) does not hide the shape', () => {
    const out = markSlide(slide(sp('rule', 'x', '\n    ')), { decorative: ['rule'], fields: [] });
    expect(out).toContain(`<p:nvSpPr>\n    ${decorative('rule', '2')}`);
  });

  test('slide-number fields go into the named text shape only, at the run recorded', () => {
    const xml = slide(pic('number'), sp('number', '7'), sp('other', '7'));
    const out = markSlide(xml, { decorative: [], fields: [{ name: 'number', runs: [0] }] });
    expect(out.match(/<a:fld /g)).toHaveLength(1);
    expect(out).toContain('<p:cNvPr id="2" name="number" descr="d"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:fld id=');
    expect(out).toContain('type="slidenum"><a:rPr/><a:t>7</a:t></a:fld>');
  });

  test('a slide with nothing to mark comes back as the same text', () => {
    const xml = slide(sp('title'), pic('photo'), '<a:tbl><a:tblPr firstRow="1"/></a:tbl>');
    expect(markSlide(xml, { decorative: ['rule'], fields: [{ name: 'number', runs: [0] }] })).toBe(xml);
    expect(markSlide(xml, undefined)).toBe(xml);
  });
});

describe('relationships read for one purpose', () => {
  const rels =
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster" Target="../notesMasters/notesMaster1.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="../slides/slide1.xml"/>' +
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/>' +
    '</Relationships>';
  const pkg = new PptxPackage([['ppt/notesSlides/_rels/notesSlide1.xml.rels', rels]], []);

  test('a Type ending picks those relationships, resolved as the full list resolves them', () => {
    const all = pkg.relationships('ppt/notesSlides/notesSlide1.xml');
    expect(all.map((r) => r.part)).toEqual(['ppt/notesMasters/notesMaster1.xml', 'ppt/slides/slide1.xml', '']);
    expect(pkg.relationships('ppt/notesSlides/notesSlide1.xml', '/notesMaster')).toEqual([all[0]]);
    expect(pkg.relationships('ppt/notesSlides/notesSlide1.xml', '/theme')).toEqual([]);
  });

  test('relationshipIds holds every Id, and none for a part without relationships', () => {
    expect([...pkg.relationshipIds('ppt/notesSlides/notesSlide1.xml')]).toEqual(['rId1', 'rId2', 'rId3']);
    expect(pkg.relationshipIds('ppt/slides/slide9.xml').size).toBe(0);
  });
});

describe('scanner helpers for searches that start from a tag', () => {
  const xml = '<a:p><a:pPr/><a:r><a:t>1</a:t></a:r></a:p><a:p lvl="1"><a:pPr><a:buNone/></a:pPr></a:p>';

  test('next and previous start tags of exactly the name, not of names it begins', () => {
    expect(nextStartTag(xml, 'a:p', 1)).toBe(xml.indexOf('<a:p lvl'));
    expect(previousStartTag(xml, 'a:p', xml.indexOf('<a:buNone'))).toBe(xml.indexOf('<a:p lvl'));
    expect(previousStartTag(xml, 'a:p', 5)).toBe(0);
    expect(previousStartTag(xml, 'a:p', 0)).toBe(-1);
    expect(previousStartTag(xml, 'a:r', 3)).toBe(-1);
  });

  test('elementAt gives the span findElements would', () => {
    const at = xml.indexOf('<a:p lvl');
    expect(xml.slice(at, elementAt(xml, at).end)).toBe('<a:p lvl="1"><a:pPr><a:buNone/></a:pPr></a:p>');
    expect(elementAt(xml, 5)).toEqual({ name: 'a:pPr', start: 5, openEnd: 13, closeStart: 13, end: 13, selfClosing: true });
  });
});

describe('cleanXmlText looks once for anything suspect before its exact rules', () => {
  test('a part with only well-formed references and entities comes back as the same text', () => {
    const xml = '<a:buChar char="&#x2022;"/><a:t>R&amp;D &lt;b&gt; &quot;x&quot; &#65; &#9999; &#x10FF; 김구 上海</a:t>';
    expect(mayNeedCleaning(xml)).toBe(false);
    expect(cleanXmlText(xml)).toBe(xml);
  });

  test('characters and references XML forbids are still removed and stray ampersands escaped', () => {
    const cases: Array<[string, string]> = [
      ['<a:t>a\u0001b</a:t>', '<a:t>ab</a:t>'],
      ['<a:t>a\uD800b</a:t>', '<a:t>ab</a:t>'],
      ['<a:t>a\uFFFEb</a:t>', '<a:t>ab</a:t>'],
      ['<a:t>a&#x1;b&#xFFFE;c&#55296;d&#1;e</a:t>', '<a:t>abcde</a:t>'],
      ['<a:t>R & D</a:t>', '<a:t>R &amp; D</a:t>'],
      ['<a:t>&#X41; &#x; &#;</a:t>', '<a:t>&amp;#X41; &amp;#x; &amp;#;</a:t>'],
    ];
    for (const [raw, clean] of cases) {
      expect(mayNeedCleaning(raw), raw).toBe(true);
      expect(cleanXmlText(raw)).toBe(clean);
    }
  });

  test('references outside the plainly valid range take the exact rules and are kept when valid', () => {
    expect(cleanXmlText('<a:t>😀</a:t>')).toBe('<a:t>😀</a:t>'); // a surrogate pair: looked at, kept
    for (const ref of ['&#x1F600;', '&#x20;', '&#xD7FF;', '&#10;', '&#128512;', '&#x0041;']) expect(cleanXmlText(`<a:t>${ref}</a:t>`)).toBe(`<a:t>${ref}</a:t>`);
  });
});

describe('addMissingTextBodies passes over the shapes that have text', () => {
  const BODY = '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>';
  const withText = (n: number) => `<p:sp><p:nvSpPr><p:cNvPr id="${n}" name="t${n}"/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${n}</a:t></a:r></a:p></p:txBody></p:sp>`;
  const bare = (n: number, extra = '') => `<p:sp><p:nvSpPr><p:cNvPr id="${n}" name="r${n}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>${extra}</p:sp>`;
  const tree = (...shapes: string[]) => `<p:spTree>${shapes.join('')}</p:spTree>`;

  test('a shape without text gets an empty p:txBody wherever it sits: first, between, in a group, last, before p:extLst', () => {
    const ext = '<p:extLst><p:ext uri="x"/></p:extLst>';
    const xml = tree(bare(1), withText(2), bare(3), withText(4), `<p:grpSp>${bare(5)}${withText(6)}</p:grpSp>`, bare(7, ext));
    const { xml: fixed, count } = addMissingTextBodies(xml);
    expect(count).toBe(4);
    expect(fixed).toBe(tree(bare(1, BODY), withText(2), bare(3, BODY), withText(4), `<p:grpSp>${bare(5, BODY)}${withText(6)}</p:grpSp>`, bare(7, BODY + ext)));
  });

  test('shapes that all have text, and a notes page\'s slide image, come back as the same text', () => {
    const slideImage = '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image"/><p:cNvSpPr/><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>';
    const xml = tree(withText(1), slideImage, withText(3), '<p:sp/>');
    expect(addMissingTextBodies(xml)).toEqual({ xml, count: 0 });
  });
});
