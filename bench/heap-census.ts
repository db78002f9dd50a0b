// `npx tsx bench/heap-census.ts`: what the page's JS heap holds, by kind of object, at several
// points of one long training run, and what grew between the first and the last. A diagnostic
// for the memory phase of `npm run bench`: when the page heap rises, this says which
// constructors (or arrays, strings, typed-array backing stores) account for it.
//
//   npx tsx bench/heap-census.ts --steps 300,1000,2000 --top 25 --dist /tmp/dist-x
//
// Each reading is a full heap snapshot over the DevTools protocol (it collects garbage first),
// summed per node name: objects by constructor, arrays and strings by type. Self sizes, not
// retained sizes: growth shows where the bytes sit; the names say which structure keeps them.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBenchBrowser, openBenchPage, readProbe } from './lib/browser';
import { buildAndServe } from './lib/serve';
import { waitReady } from './lib/throughput';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The memory phase's model (bench/lib/phases.ts). */
const QUERY = '?backend=wasm&dataset=mnist&model=dcgan&batchSize=16&baseFilters=8';

interface Census {
  readonly step: number;
  readonly total: number;
  readonly byName: Map<string, { count: number; bytes: number }>;
  readonly snapshot: Snapshot;
}

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '300,1000,2000' },
      top: { type: 'string', default: '25' },
      dist: { type: 'string' },
      // Node types or names whose retainer chains to print for the last snapshot (e.g. number).
      retainers: { type: 'string' },
    },
  });
  const marks = values.steps.split(',').map(Number);
  const server = await buildAndServe(ROOT, values.dist && path.resolve(values.dist));
  const browser = await launchBenchBrowser();
  try {
    const bench = await openBenchPage(browser, new URL(QUERY, server.url).href);
    await waitReady(bench.page);
    await bench.page.getByTestId('train-start').click();
    const censuses: Census[] = [];
    for (const mark of marks) {
      const step = await waitForStep(bench.page, mark);
      censuses.push(await census(bench.page, step));
      const c = censuses[censuses.length - 1];
      console.log(`step ${c.step}: ${mb(c.total)} MB in snapshot nodes`);
    }
    printGrowth(censuses, Number(values.top));
    const last = censuses[censuses.length - 1];
    if (values.retainers !== undefined && last !== undefined) {
      printRetainers(last.snapshot, values.retainers.split(','), Number(values.top));
    }
    await bench.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

async function waitForStep(page: Page, step: number): Promise<number> {
  for (;;) {
    const steps = (await readProbe(page)).steps;
    const last = steps[steps.length - 1]?.[1] ?? 0;
    if (last >= step) return last;
    await page.waitForTimeout(500);
  }
}

/** A heap snapshot of the page, summed per node type and name. */
async function census(page: Page, step: number): Promise<Census> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snap = JSON.parse(chunks.join('')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byName = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    const name = snap.strings[snap.nodes[i + nameAt]];
    const size = snap.nodes[i + sizeAt];
    // Strings and numbers are named by their contents: sum them by type alone.
    const key = type === 'object' || type === 'native' ? `${type} ${name}` : type;
    const entry = byName.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += size;
    byName.set(key, entry);
    total += size;
  }
  return { step, total, byName, snapshot: snap };
}

/**
 * For nodes of the given types (or names), the chain of their first retainers three levels up,
 * counted: which structures hold them.
 */
function printRetainers(snap: Snapshot, wanted: readonly string[], top: number): void {
  const { node_fields, node_types, edge_fields, edge_types } = snap.snapshot.meta;
  const width = node_fields.length;
  const edgeWidth = edge_fields.length;
  const [typeAt, nameAt, countAt] = ['type', 'name', 'edge_count'].map((f) =>
    node_fields.indexOf(f),
  );
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) =>
    edge_fields.indexOf(f),
  );
  const nodeCount = snap.nodes.length / width;
  const parent = new Int32Array(nodeCount).fill(-1);
  const via = new Array<string>(nodeCount);
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const count = snap.nodes[n * width + countAt];
    for (let k = 0; k < count; k++, edge += edgeWidth) {
      const to = snap.edges[edge + toAt] / width;
      const type = edge_types[0][snap.edges[edge + edgeTypeAt]];
      if (parent[to] !== -1 || type === 'weak') continue;
      parent[to] = n;
      const name = snap.edges[edge + edgeNameAt];
      via[to] = type === 'element' || type === 'hidden' ? `[${name}]` : `.${snap.strings[name]}`;
    }
  }
  const label = (n: number) => {
    const type = node_types[0][snap.nodes[n * width + typeAt]];
    const name = snap.strings[snap.nodes[n * width + nameAt]];
    return type === 'object' || type === 'native' ? name.slice(0, 40) : type;
  };
  const chains = new Map<string, number>();
  for (let n = 0; n < nodeCount; n++) {
    const type = node_types[0][snap.nodes[n * width + typeAt]];
    if (!wanted.includes(type) && !wanted.includes(label(n))) continue;
    const parts = [label(n)];
    for (let at = n, up = 0; up < 4 && parent[at] !== -1; up++, at = parent[at]) {
      parts.push(`${via[at].replace(/^\[\d+\]$/, '[i]')} of ${label(parent[at])}`);
    }
    const key = parts.join(' <- ');
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  console.log(`\nretainers of ${wanted.join(', ')} (first retainer, four levels):`);
  for (const [key, count] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${String(count).padStart(7)} ${key}`);
  }
}

function printGrowth(censuses: readonly Census[], top: number): void {
  const first = censuses[0];
  const last = censuses[censuses.length - 1];
  if (first === undefined || last === undefined) return;
  const rows = [...last.byName.entries()]
    .map(([name, now]) => {
      const then = first.byName.get(name) ?? { count: 0, bytes: 0 };
      return { name, now, grew: now.bytes - then.bytes, more: now.count - then.count };
    })
    .sort((a, b) => b.grew - a.grew)
    .slice(0, top);
  console.log(`\ngrowth from step ${first.step} to step ${last.step}, by node name:`);
  console.log('KB grown | objects added | KB now | name');
  for (const r of rows) {
    console.log(
      `${(r.grew / 1024).toFixed(1).padStart(8)} | ${String(r.more).padStart(13)} | ` +
        `${(r.now.bytes / 1024).toFixed(1).padStart(6)} | ${r.name.slice(0, 80)}`,
    );
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(2);
}

await main();
