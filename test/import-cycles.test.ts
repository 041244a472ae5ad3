/**
 * No import cycles in src/ (DESIGN.md §4: dependencies point one way). The imports are read here,
 * from the source text, so the check runs on any clone; `import type` is left out because
 * TypeScript erases it, dynamic `import('./x.js')` counts because it runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './helpers/tools.js';

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** File → the files of `files` it imports (values only). */
export function importGraph(files: Map<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const specs = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)].map((m) => m[1]!);
    const deps = new Set<string>();
    for (const spec of specs) {
      const target = path.normalize(path.join(path.dirname(file), spec));
      const found = [target.replace(/\.js$/, '.ts'), `${target}.ts`, path.join(target, 'index.ts')].find((candidate) => files.has(candidate));
      if (found) deps.add(found);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan, iterative: deep graphs are fine). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const deps = graph.get(frame.node) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, next: 0 });
        } else if (onStack.has(dep)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(dep)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) found.push(component.sort());
      }
    }
  }
  return found;
}

describe('import cycles', () => {
  test('src/ has none', () => {
    const src = path.join(repoRoot, 'src');
    const files = new Map(sourceFiles(src).map((file) => [path.relative(src, file), readFileSync(file, 'utf8')]));
    expect(files.size).toBeGreaterThan(50);
    const graph = importGraph(files);
    // The graph is read for real: the CLI reaches the build, the build the renderer.
    expect(graph.get('cli.ts')).toContain('build.ts');
    expect(graph.get('build.ts')).toContain(path.join('render', 'pptx', 'index.ts'));
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  test('the check finds a cycle, through a dynamic import and an index file, and ignores import type', () => {
    const files = new Map([
      ['cli.ts', "import { run } from './commands/watch.js';"],
      ['commands/watch.ts', "import { printDiagnostics } from '../terminal';\nimport type { Io } from '../cli.js';"],
      ['terminal/index.ts', "export { x } from './x.js';\nconst later = () => import('../cli.js');"],
      ['terminal/x.ts', 'export const x = 1;'],
      ['types.ts', "import type { A } from './cli.js';"],
    ]);
    expect(cycles(importGraph(files))).toEqual([['cli.ts', 'commands/watch.ts', 'terminal/index.ts']]);
    files.set('terminal/index.ts', "export { x } from './x.js';");
    expect(cycles(importGraph(files))).toEqual([]);
  });
});
