/**
 * pptxgenjs 4.0.1 writes p:notesMasterIdLst after p:sldIdLst in ppt/presentation.xml, which the
 * schema (CT_Presentation) forbids.
 */
import { childElements, findElements } from './xml.js';
import type { Repair } from './repair.js';

const PRESENTATION = 'ppt/presentation.xml';

/** CT_Presentation child order (ECMA-376 Part 1, §19.2.1.26). */
const PRESENTATION_ORDER = [
  'p:sldMasterIdLst',
  'p:notesMasterIdLst',
  'p:handoutMasterIdLst',
  'p:sldIdLst',
  'p:sldSz',
  'p:notesSz',
  'p:smartTags',
  'p:embeddedFontLst',
  'p:custShowLst',
  'p:photoAlbum',
  'p:custDataLst',
  'p:kinsoku',
  'p:defaultTextStyle',
  'p:modifyVerifier',
  'p:extLst',
];

function reorderPresentation(xml: string): { xml: string; order?: string[] } {
  const root = findElements(xml, 'p:presentation')[0];
  if (!root || root.selfClosing) return { xml };
  const children = childElements(xml, root);
  let previousRank = -1;
  const ranked = children.map((child, index) => {
    const known = PRESENTATION_ORDER.indexOf(child.name);
    previousRank = known >= 0 ? known : previousRank;
    return { child, index, rank: previousRank };
  });
  const sorted = [...ranked].sort((a, b) => a.rank - b.rank || a.index - b.index);
  if (sorted.every((entry, i) => entry.index === i)) return { xml };
  const inner = sorted.map(({ child }) => xml.slice(child.start, child.end)).join('');
  return { xml: xml.slice(0, root.openEnd) + inner + xml.slice(root.closeStart), order: sorted.map(({ child }) => child.name) };
}

export function presentationOrderRepair(): Repair {
  return {
    name: 'presentation.xml child order',
    parts: /^ppt\/presentation\.xml$/,
    part: (xml, _part, { pkg }) => {
      const result = reorderPresentation(xml);
      if (result.order) pkg.note(`${PRESENTATION}: put children in schema order (${result.order.join(', ')})`);
      return result.xml;
    },
  };
}
