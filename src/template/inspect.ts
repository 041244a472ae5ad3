/**
 * `brief template inspect`: what brief reads in a PowerPoint file and what it makes of it — the
 * masters, each layout's placeholders (type, index, box in inches, and where the box comes from),
 * and which layout each slide kind is built on, and why. Pure: model in, lines out.
 */
import type { PresentationModel } from '../ooxml/presentation.js';
import { SLIDE_KINDS, type LayoutChoice } from './base.js';
import type { SlideKind } from '../deck/types.js';

const n = (v: number) => v.toFixed(2);

export function inspectLines(model: PresentationModel, choices: Partial<Record<SlideKind, LayoutChoice>>, reasons?: Record<string, string>): string[] {
  const lines: string[] = [];
  lines.push(`slide size ${n(model.slide.width)} × ${n(model.slide.height)} in${model.kind === 'template' ? ' (a template, .potx)' : ''}; ${model.slides.length} example slide(s), which decks do not keep`);
  const usedBy = new Map<string, string[]>();
  for (const kind of SLIDE_KINDS) {
    const c = choices[kind];
    if (c) usedBy.set(c.shape.layout.part, [...(usedBy.get(c.shape.layout.part) ?? []), kind]);
  }
  model.masters.forEach((master, i) => {
    const t = master.theme;
    const accents = (['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'] as const).map((s) => t.colors[s] ?? '?').join(' ');
    lines.push('');
    lines.push(`master ${i + 1} "${master.name}" (${master.part}): theme "${t.name}", fonts ${t.fonts.major ?? '?'} / ${t.fonts.minor ?? '?'}, accents ${accents}; background ${master.background.kind}${master.background.color ? ` ${master.background.color}` : ''}; ${master.graphics} graphic(s)${master.pictures.length ? `, pictures ${master.pictures.join(', ')}` : ''}`);
    for (const layout of master.layouts) {
      const kinds = usedBy.get(layout.part);
      lines.push(`  layout "${layout.name}" (type ${layout.type}, ${layout.part.replace(/^ppt\//, '')})${kinds ? `  ← ${kinds.join(', ')}` : ''}`);
      for (const p of layout.placeholders) {
        const box = p.box ? `x ${n(p.box.x)} y ${n(p.box.y)} w ${n(p.box.w)} h ${n(p.box.h)}${p.boxFrom === 'master' ? ' (from the master)' : ''}` : 'no box';
        lines.push(`    ${(p.type + (p.typeWritten ? '' : ' (untyped)')).padEnd(16)} idx ${String(p.idx).padEnd(3)} ${box}`);
      }
    }
  });
  lines.push('');
  lines.push('slide kinds → layouts:');
  for (const kind of SLIDE_KINDS) {
    const c = choices[kind];
    lines.push(c ? `  ${kind.padEnd(8)} → "${c.shape.layout.name}": ${reasons?.[kind] ?? c.reason}` : `  ${kind.padEnd(8)} → (none: uses the bullets layout)`);
  }
  return lines;
}
