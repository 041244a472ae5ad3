/**
 * The fix-up's tag scanner (src/render/pptx/fixup/xml.ts): every repair finds its elements with
 * it, so what it must get right is spelled out here on small inputs with the awkward cases
 * (a name that begins another, nesting of one name, `>` inside attribute values, markup that is
 * not an element).
 */
import { describe, expect, test } from 'vitest';
import { applyEdits, attributes, attributeValue, childElements, findElements, firstChild, type Span } from '../src/render/pptx/fixup/xml.js';

const text = (xml: string, span: Span) => xml.slice(span.start, span.end);
const inner = (xml: string, span: Span) => xml.slice(span.openEnd, span.closeStart);

describe('findElements', () => {
  test('finds the outermost elements of exactly that name, nested ones inside them', () => {
    const xml = '<p:txBody><a:p><a:pPr lvl="1"/><a:r><a:t>one</a:t></a:r></a:p><a:p><a:p><a:t>two</a:t></a:p></a:p><a:p/></p:txBody>';
    const spans = findElements(xml, 'a:p');
    expect(spans.map((s) => text(xml, s))).toEqual(['<a:p><a:pPr lvl="1"/><a:r><a:t>one</a:t></a:r></a:p>', '<a:p><a:p><a:t>two</a:t></a:p></a:p>', '<a:p/>']);
    expect(spans.map((s) => s.selfClosing)).toEqual([false, false, true]);
    expect(inner(xml, spans[1]!)).toBe('<a:p><a:t>two</a:t></a:p>');
    // a:pPr starts with "<a:p" but is another element
    expect(findElements(xml, 'a:pPr').map((s) => text(xml, s))).toEqual(['<a:pPr lvl="1"/>']);
  });

  test('a ">" or "/>" inside a quoted attribute value does not end the tag', () => {
    const xml = `<r><a:hlinkClick r:id="rId2" tooltip="a > b /> c"/><a:t x='1>2'>t</a:t></r>`;
    const [link] = findElements(xml, 'a:hlinkClick');
    expect(text(xml, link!)).toBe('<a:hlinkClick r:id="rId2" tooltip="a > b /> c"/>');
    expect(attributeValue(xml, link!, 'tooltip')).toBe('a > b /> c');
    const [t] = findElements(xml, 'a:t');
    expect(inner(xml, t!)).toBe('t');
    expect(t!.selfClosing).toBe(false);
  });

  test('tags broken over lines or spaced before their end, and the range limits', () => {
    const xml = '<a:r\n  b="1"\t></a:r ><a:r/><a:r c="2" />';
    expect(findElements(xml, 'a:r').map((s) => [s.start, s.end, s.selfClosing])).toEqual([
      [0, 21, false],
      [21, 27, true],
      [27, 40, true],
    ]);
    expect(findElements(xml, 'a:r', 1).map((s) => s.start)).toEqual([21, 27]);
    expect(findElements(xml, 'a:r', 0, 21).map((s) => s.start)).toEqual([0]);
  });

  test('an element never closed runs to the end of the text', () => {
    const xml = '<a:p><a:r>';
    expect(findElements(xml, 'a:p').map((s) => [s.closeStart, s.end])).toEqual([[xml.length, xml.length]]);
  });
});

describe('childElements', () => {
  test('direct children only, in order, with their names and extents', () => {
    const xml = '<a:p><a:pPr algn="ctr"><a:buNone/></a:pPr><a:r><a:rPr b="1"/><a:t>x</a:t></a:r><a:br/><a:endParaRPr/></a:p>';
    const [p] = findElements(xml, 'a:p');
    const children = childElements(xml, p!);
    expect(children.map((c) => c.name)).toEqual(['a:pPr', 'a:r', 'a:br', 'a:endParaRPr']);
    expect(children.map((c) => text(xml, c))).toEqual(['<a:pPr algn="ctr"><a:buNone/></a:pPr>', '<a:r><a:rPr b="1"/><a:t>x</a:t></a:r>', '<a:br/>', '<a:endParaRPr/>']);
    expect(inner(xml, children[0]!)).toBe('<a:buNone/>');
    expect(firstChild(xml, children[1]!, 'a:t')).toMatchObject({ name: 'a:t', selfClosing: false });
    expect(firstChild(xml, p!, 'a:t')).toBeUndefined();
  });

  test('comments, CDATA and processing instructions are skipped, with the "<" inside them', () => {
    const xml = '<root><!-- <a:x/> --><a:y/><![CDATA[ <a:z> ]]><?pi <a:w/> ?><a:v k="<"/><!DOCTYPE x></root>';
    const [root] = findElements(xml, 'root');
    expect(childElements(xml, root!).map((c) => text(xml, c))).toEqual(['<a:y/>', '<a:v k="<"/>']);
  });

  test('an element nested in one of its own name closes at its own end tag', () => {
    const xml = '<g><p:grpSp><p:grpSp><p:sp/></p:grpSp><p:sp/></p:grpSp><p:sp/></g>';
    const [g] = findElements(xml, 'g');
    const children = childElements(xml, g!);
    expect(children.map((c) => c.name)).toEqual(['p:grpSp', 'p:sp']);
    expect(childElements(xml, children[0]!).map((c) => text(xml, c))).toEqual(['<p:grpSp><p:sp/></p:grpSp>', '<p:sp/>']);
  });
});

describe('attributeValue', () => {
  test('reads one attribute exactly by name, however the tag is written', () => {
    const xml = `<p:cNvPr id="4" r:id="rId7" name='Title 1' descr = "a &quot;b&quot; c" xml:id\n="x"/>`;
    const [span] = findElements(xml, 'p:cNvPr');
    expect(attributeValue(xml, span!, 'id')).toBe('4');
    expect(attributeValue(xml, span!, 'r:id')).toBe('rId7');
    expect(attributeValue(xml, span!, 'name')).toBe('Title 1');
    expect(attributeValue(xml, span!, 'descr')).toBe('a &quot;b&quot; c');
    expect(attributeValue(xml, span!, 'xml:id')).toBe('x');
    expect(attributeValue(xml, span!, 'nam')).toBeUndefined();
    expect(attributes(xml, span!).map(([key]) => key)).toEqual(['id', 'r:id', 'name', 'descr', 'xml:id']);
  });

  test('the element name and a value holding "=" or another attribute are not taken for an attribute', () => {
    const xml = '<a:hlinkClick tooltip="name=&quot;x&quot; id=9" id="2">t</a:hlinkClick>';
    const [span] = findElements(xml, 'a:hlinkClick');
    expect(attributeValue(xml, span!, 'id')).toBe('2');
    expect(attributeValue(xml, span!, 'a:hlinkClick')).toBeUndefined();
  });
});

test('applyEdits applies edits given in any order', () => {
  expect(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 0, text: '>' }, { start: 1, end: 3, text: '' }])).toBe('>adEf');
});
