/** Drawing outlines for the preview: DrawingML custom paths and presets as SVG path data. */
import { describe, expect, it } from 'vitest';
import { normalisedCustomPath, presetPath, scalePath } from '../src/ooxml/geometry.js';

describe('custom geometry', () => {
  it('normalises each path by its own w/h, then scales to the box', () => {
    const xml = '<a:custGeom><a:pathLst><a:path w="200" h="100"><a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo><a:pt x="200" y="50"/></a:lnTo><a:cubicBezTo><a:pt x="100" y="100"/><a:pt x="50" y="100"/><a:pt x="0" y="100"/></a:cubicBezTo><a:close/></a:path></a:pathLst></a:custGeom>';
    const d = normalisedCustomPath(xml)!;
    expect(d).toBe('M0 0 L1 0.5 C0.5 1 0.25 1 0 1 Z');
    expect(scalePath(d, 4, 2)).toBe('M0 0L4 1C2 2 1 2 0 2Z');
  });

  it('turns arcTo (radii, start and swing angles from the current point) into an SVG arc', () => {
    // a quarter circle of radius 50 from (100, 50), starting at 0° and swinging 90° clockwise: ends at (50, 100)
    const xml = '<a:path w="100" h="100"><a:moveTo><a:pt x="100" y="50"/></a:moveTo><a:arcTo wR="50" hR="50" stAng="0" swAng="5400000"/></a:path>';
    expect(normalisedCustomPath(xml)).toBe('M1 0.5 A0.5 0.5 0 0 1 0.5 1');
  });

  it('leaves out a path whose points are formulas (guide names)', () => {
    expect(normalisedCustomPath('<a:path w="100" h="100"><a:moveTo><a:pt x="l" y="t"/></a:moveTo></a:path>')).toBeUndefined();
  });
});

describe('preset geometry', () => {
  it('draws an ellipse as two arcs, a rounded rectangle with its adjusted radius, a triangle at its apex', () => {
    expect(presetPath('ellipse', 2, 1)).toBe('M0 0.5 A1 0.5 0 1 1 2 0.5 A1 0.5 0 1 1 0 0.5 Z');
    expect(presetPath('roundRect', 2, 1, 50000)).toMatch(/^M0.5 0 L1.5 0 A0.5 0.5 0 0 1 2 0.5 /);
    expect(presetPath('triangle', 2, 1)).toBe('M1 0 L2 1 L0 1 Z');
    expect(presetPath('cloud', 2, 1)).toBeUndefined();
  });
});
