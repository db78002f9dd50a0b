// The modules of src/ import one another without a circle, type-only imports included (in the
// store, for example, the slices type only the state they read, state.ts names the whole state
// and app-store.ts composes). Imports are read with TypeScript's own pre-processor, so every form
// (`import type`, re-exports, dynamic imports) counts.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

/** The file a relative import names: x.ts, x.tsx or x/index.ts; null for anything else. */
function resolveImport(from: string, name: string): string | null {
  if (!name.startsWith('.')) return null;
  const base = resolve(dirname(from), name);
  const candidates = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

/** Each module of src/ (tests left out, paths relative to src/) and the modules it imports. */
function importGraph(): Map<string, string[]> {
  const modules = sourceFiles(srcDir);
  const known = new Set(modules);
  const graph = new Map<string, string[]>();
  for (const file of modules) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((ref) => resolveImport(file, ref.fileName))
      .filter((target): target is string => target !== null && known.has(target))
      .map((target) => relative(srcDir, target));
    graph.set(relative(srcDir, file), targets);
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

describe('imports of src/', () => {
  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCircle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCircle(new Map([['a.ts', ['b.ts']]]))).toBeNull();
  });

  it('reads every module and its imports', () => {
    const graph = importGraph();
    expect(graph.get('store/app-store.ts')).toEqual(
      expect.arrayContaining(['store/state.ts', 'store/run-slice.ts']),
    );
    expect(graph.get('store/state.ts')).toContain('store/quality-slice.ts');
    expect(graph.get('ml/train/resume.ts')).toContain('ml/train/trainer.ts');
    expect(graph.get('App.tsx')?.length).toBeGreaterThan(3);
  });

  it('has no circle', () => {
    expect(findCircle(importGraph())).toBeNull();
  });
});
