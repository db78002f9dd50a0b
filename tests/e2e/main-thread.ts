// What the page's main thread did over a stretch of a browser test, read from a Chrome trace of
// every process (bench/lib/trace-summary.ts reads it): its tasks with their thread CPU time, and
// the CPU each group of the browser's threads used. Thread CPU time counts the work a task did,
// not the time it waited for a core, so a busy machine does not turn a short task into a long one.

import type { Browser } from 'playwright-core';
import { summarizeTrace, type TraceEvent, type TraceSummary } from '../../bench/lib/trace-summary';

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
];

/** The trace of `browser` while `during` runs, summarized for the page served at `pageUrl`. */
export async function traceWhile(
  browser: Browser,
  pageUrl: string,
  during: () => Promise<void>,
): Promise<TraceSummary> {
  await browser.startTracing(undefined, { categories: CATEGORIES });
  // The tracing is stopped whatever happens, and a failure of `during` is then passed on.
  const failure = await during().then(
    () => null,
    (err: unknown) => ({ err }),
  );
  const buffer = await browser.stopTracing();
  if (failure !== null) throw failure.err;
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // Script time by source module needs an unminified build; these tests only count tasks.
  return summarizeTrace(events, pageUrl, () => 'bundle');
}

/** Main-thread tasks that worked (thread CPU time) longer than `ms`. */
export function tasksOver(trace: TraceSummary, ms: number): number {
  return trace.longTasks.filter((t) => (t.cpuMs ?? t.wallMs) > ms).length;
}

/** CPU ms of a thread group of the page ('page main thread', 'page workers ...'). */
export function threadCpu(trace: TraceSummary, label: string): number {
  return trace.threads.find((t) => t.label.startsWith(label))?.cpuMs ?? 0;
}
