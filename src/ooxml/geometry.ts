/**
 * Shape outlines of a master's or layout's drawings as SVG path data, for the HTML preview: a
 * custom geometry (`a:custGeom`, its paths in their own units) and the preset geometries templates
 * draw with most. Pure string work: a custom geometry is turned into a compact normalised path
 * before the master is parsed (designed masters hold hundreds of path points; a general XML parser
 * is slow on them), then scaled to the shape's box.
 */

/** SVG path commands and, per command, which arguments scale with the width (x) or height (y). */
const ARG_ROLES: Record<string, string> = { M: 'xy', L: 'xy', C: 'xyxyxy', Q: 'xyxy', A: 'xy---xy', Z: '' };

const num = (n: number) => String(Math.round(n * 10000) / 10000);

/**
 * `<a:custGeom>…</a:custGeom>` as one SVG path in a 1 × 1 box (every `a:path` scaled by its own
 * w/h), or undefined when a point is a formula (a guide name) rather than a number.
 */
export function normalisedCustomPath(xml: string): string | undefined {
  const out: string[] = [];
  for (const path of xml.matchAll(/<a:path\b([^>]*?)(?:\/>|>([\s\S]*?)<\/a:path>)/g)) {
    const attrs = path[1] ?? '';
    if (/\bfill="none"/.test(attrs) && /\bstroke="0"/.test(attrs)) continue;
    const w = Number(/\bw="(\d+)"/.exec(attrs)?.[1] ?? 0);
    const h = Number(/\bh="(\d+)"/.exec(attrs)?.[1] ?? 0);
    if (!(w > 0 && h > 0)) return undefined;
    let cx = 0;
    let cy = 0;
    for (const cmd of (path[2] ?? '').matchAll(/<a:(moveTo|lnTo|cubicBezTo|quadBezTo|arcTo|close)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/a:\1>)/g)) {
      const kind = cmd[1]!;
      if (kind === 'close') {
        out.push('Z');
        continue;
      }
      if (kind === 'arcTo') {
        const a = (name: string) => Number(new RegExp(`\\b${name}="(-?\\d+)"`).exec(cmd[2] ?? '')?.[1]);
        const [wR, hR, st, sw] = [a('wR') / w, a('hR') / h, (a('stAng') / 60000) * (Math.PI / 180), (a('swAng') / 60000) * (Math.PI / 180)];
        if (![wR, hR, st, sw].every(Number.isFinite)) return undefined;
        const centre = [cx - wR * Math.cos(st), cy - hR * Math.sin(st)];
        cx = centre[0]! + wR * Math.cos(st + sw);
        cy = centre[1]! + hR * Math.sin(st + sw);
        out.push(`A${num(wR)} ${num(hR)} 0 ${Math.abs(sw) > Math.PI ? 1 : 0} ${sw > 0 ? 1 : 0} ${num(cx)} ${num(cy)}`);
        continue;
      }
      const pts = [...(cmd[3] ?? '').matchAll(/<a:pt\b[^>]*?\bx="([^"]*)"[^>]*?\by="([^"]*)"/g)].map((p) => [Number(p[1]) / w, Number(p[2]) / h] as const);
      if (!pts.length || pts.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return undefined;
      const letter = { moveTo: 'M', lnTo: 'L', cubicBezTo: 'C', quadBezTo: 'Q' }[kind]!;
      out.push(letter + pts.map(([x, y]) => `${num(x)} ${num(y)}`).join(' '));
      [cx, cy] = pts[pts.length - 1]!;
    }
  }
  return out.length ? out.join(' ') : undefined;
}

/** A normalised path (1 × 1) scaled to a box `w` × `h` (inches). */
export function scalePath(path: string, w: number, h: number): string {
  return path.replace(/([MLCQAZ])([^MLCQAZ]*)/g, (_all, cmd: string, args: string) => {
    const roles = ARG_ROLES[cmd] ?? '';
    const values = args.trim() ? args.trim().split(/[\s,]+/).map(Number) : [];
    const scaled = values.map((v, i) => (roles[i % roles.length] === 'x' ? v * w : roles[i % roles.length] === 'y' ? v * h : v));
    return `${cmd}${scaled.map(num).join(' ')}`;
  });
}

/** A preset geometry's outline in a box `w` × `h` (inches); `adj` its first adjust value (1/100000ths); undefined for presets not drawn. */
export function presetPath(prst: string, w: number, h: number, adj?: number): string | undefined {
  const p = (pts: [number, number][]) => `M${pts.map(([x, y]) => `${num(x)} ${num(y)}`).join(' L')} Z`;
  const ss = Math.min(w, h);
  switch (prst) {
    case 'rect':
      return p([[0, 0], [w, 0], [w, h], [0, h]]);
    case 'roundRect': {
      const r = (ss * (adj ?? 16667)) / 100000;
      return `M${num(r)} 0 L${num(w - r)} 0 A${num(r)} ${num(r)} 0 0 1 ${num(w)} ${num(r)} L${num(w)} ${num(h - r)} A${num(r)} ${num(r)} 0 0 1 ${num(w - r)} ${num(h)} L${num(r)} ${num(h)} A${num(r)} ${num(r)} 0 0 1 0 ${num(h - r)} L0 ${num(r)} A${num(r)} ${num(r)} 0 0 1 ${num(r)} 0 Z`;
    }
    case 'ellipse':
      return `M0 ${num(h / 2)} A${num(w / 2)} ${num(h / 2)} 0 1 1 ${num(w)} ${num(h / 2)} A${num(w / 2)} ${num(h / 2)} 0 1 1 0 ${num(h / 2)} Z`;
    case 'triangle': {
      const x = (w * (adj ?? 50000)) / 100000;
      return p([[x, 0], [w, h], [0, h]]);
    }
    case 'rtTriangle':
      return p([[0, 0], [w, h], [0, h]]);
    case 'diamond':
      return p([[w / 2, 0], [w, h / 2], [w / 2, h], [0, h / 2]]);
    case 'parallelogram': {
      const x = (ss * (adj ?? 25000)) / 100000;
      return p([[x, 0], [w, 0], [w - x, h], [0, h]]);
    }
    case 'trapezoid': {
      const x = (ss * (adj ?? 25000)) / 100000;
      return p([[x, 0], [w - x, 0], [w, h], [0, h]]);
    }
    case 'homePlate': {
      const x = w - (ss * (adj ?? 50000)) / 100000;
      return p([[0, 0], [x, 0], [w, h / 2], [x, h], [0, h]]);
    }
    case 'chevron': {
      const x = (ss * (adj ?? 50000)) / 100000;
      return p([[0, 0], [w - x, 0], [w, h / 2], [w - x, h], [0, h], [x, h / 2]]);
    }
    case 'flowChartDocument':
      // the spec's path: a wave along the bottom, in a 21600 × 21600 frame
      return `M0 0 L${num(w)} 0 L${num(w)} ${num((h * 17322) / 21600)} C${num((w * 10800) / 21600)} ${num((h * 17322) / 21600)} ${num((w * 10800) / 21600)} ${num((h * 23922) / 21600)} 0 ${num((h * 20172) / 21600)} Z`;
    case 'line':
      return `M0 0 L${num(w)} ${num(h)}`;
    default:
      return undefined;
  }
}
