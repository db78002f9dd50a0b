// The store's modules import one another without a circle, type-only imports included: the
// slices type only the state they read, state.ts names the whole state and app-store.ts composes.
// Imports are read with TypeScript's own pre-processor, so every form (`import type`, re-exports)
// counts.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const storeDir = dirname(fileURLToPath(import.meta.url));

/** Each module of src/store (tests left out) and the store modules it imports. */
function importGraph(): Map<string, string[]> {
  const modules = readdirSync(storeDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const graph = new Map<string, string[]>();
  for (const file of modules) {
    const info = ts.preProcessFile(readFileSync(join(storeDir, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => ref.fileName)
      .filter((name) => name.startsWith('./'))
      .map((name) => relative(storeDir, resolve(storeDir, `${name}.ts`)))
      .filter((name) => modules.includes(name));
    graph.set(file, targets);
  }
  return graph;
}

/** One circle in the graph as a path that returns to its start, or null when there is none. */
function findCircle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next, [...path, node]);
      if (circle !== null) return circle;
    }
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const circle = visit(node, []);
    if (circle !== null) return circle;
  }
  return null;
}

describe('store imports', () => {
  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCircle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCircle(new Map([['a.ts', ['b.ts']]]))).toBeNull();
  });

  it('reads every store module and its imports', () => {
    const graph = importGraph();
    expect(graph.get('app-store.ts')).toEqual(expect.arrayContaining(['state.ts', 'run-slice.ts']));
    expect(graph.get('state.ts')).toContain('quality-slice.ts');
  });

  it('has no circle', () => {
    expect(findCircle(importGraph())).toBeNull();
  });
});
