// Reads a Chrome trace (the JSON of Tracing.start, every process) and says where the page's main
// thread went: its tasks over 50 ms with what they contained (script by source module, style,
// layout, paint, GC, message handling), the CPU time each thread of the browser used, and wall
// time against thread time, which tells a task that worked from one that waited for a core.
//
// Tasks are the outermost complete events on a thread; an event's self time is its duration less
// its children's. Script time is split by the V8 sampling profiler's samples (category
// disabled-by-default-v8.cpu_profiler), whose frames name a function and a bundle URL and line;
// `moduleOf` maps that line back to a source file (an unminified build keeps rolldown's
// `// <file>` line before each module).
//
// One long file: reading the trace, nesting its events and attributing their time are one
// algorithm over one event list, and split apart each part would need the others' internals.

export interface TraceEvent {
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly ph: string;
  readonly name: string;
  readonly cat?: string;
  readonly dur?: number;
  readonly tdur?: number;
  readonly id?: string | number;
  readonly args?: Record<string, unknown>;
}

/** Where main-thread time goes, coarsely (the DevTools performance panel's groups). */
export type Bucket = 'script' | 'style' | 'layout' | 'paint' | 'gc' | 'message' | 'other';
export const BUCKETS: readonly Bucket[] = [
  'script',
  'style',
  'layout',
  'paint',
  'gc',
  'message',
  'other',
];

export function bucketOf(name: string): Bucket {
  if (/GC|Scavenge|MarkCompact|Sweep|CppGC|BlinkGC|ThreadState|Heap/i.test(name)) return 'gc';
  if (/Deserializ|Serializ|PostMessage|MessagePort|StructuredClone/i.test(name)) return 'message';
  if (/UpdateLayoutTree|RecalculateStyles|StyleRecalc|ParseAuthorStyleSheet/.test(name)) {
    return 'style';
  }
  if (/^Layout$|LayoutShift|UpdateLayout$|ComputeIntersections/.test(name)) return 'layout';
  if (/Paint|Layerize|UpdateLayer|Commit|Composit|Raster|Decode|Canvas|ImageData/.test(name)) {
    return 'paint';
  }
  if (
    /FunctionCall|EvaluateScript|[vV]8|Microtask|TimerFire|FireAnimationFrame|EventDispatch|Compile|ParseScript|ResizeObserver|IntersectionObserver|v8\./.test(
      name,
    )
  ) {
    return 'script';
  }
  return 'other';
}

/** An event with a duration and its place among others of its thread. */
interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly cpu: number | null;
  self: number;
  readonly args?: Record<string, unknown>;
  readonly children: Span[];
}

export interface TaskSummary {
  /** ms since the window's start */
  readonly at: number;
  readonly wallMs: number;
  /** Thread CPU time, when the trace has it. */
  readonly cpuMs: number | null;
  readonly buckets: Record<Bucket, number>;
  /** The task's first events (what started it). */
  readonly entry: string;
  /** Script ms by source module, most first. */
  readonly modules: [string, number][];
  /** Script ms by function (module:function), most first. */
  readonly functions: [string, number][];
}

export interface ThreadUse {
  readonly label: string;
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface TraceSummary {
  readonly windowMs: number;
  readonly mainTasks: number;
  readonly main: { wallMs: number; cpuMs: number; buckets: Record<Bucket, number> };
  readonly mainModules: [string, number][];
  readonly mainFunctions: [string, number][];
  readonly mainEventNames: [string, number][];
  readonly longTasks: TaskSummary[];
  readonly threads: ThreadUse[];
}

export type ModuleOf = (url: string, line: number) => string;

export function summarizeTrace(
  events: readonly TraceEvent[],
  pageUrl: string,
  moduleOf: ModuleOf,
  /** Leaves out the trace's first milliseconds (starting the profiler stalls the page). */
  skipMs = 0,
  longTaskMs = 50,
): TraceSummary {
  const threadNames = new Map<string, string>();
  const processNames = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    const name = String((e.args as { name?: unknown } | undefined)?.name ?? '');
    if (e.name === 'thread_name') threadNames.set(key(e.pid, e.tid), name);
    if (e.name === 'process_name') processNames.set(e.pid, name);
  }
  const pagePid = findPagePid(events, pageUrl, threadNames);
  const mainKey = [...threadNames].find(
    ([k, n]) => n === 'CrRendererMain' && k.startsWith(`${pagePid}:`),
  )?.[0];
  if (mainKey === undefined) throw new Error(`no renderer main thread for ${pageUrl}`);

  const spansByThread = buildSpans(events);
  // (Reduce, not Math.min(...): a trace has millions of events.)
  const allStarts = [...spansByThread.values()]
    .flat()
    .reduce((m, x) => Math.min(m, x.start), Infinity);
  const allEnds = [...spansByThread.values()]
    .flat()
    .reduce((m, x) => Math.max(m, x.end), -Infinity);
  const t0 = allStarts + skipMs * 1000;
  const windowMs = (allEnds - t0) / 1000;
  for (const [k, spans] of spansByThread) {
    spansByThread.set(
      k,
      spans.filter((s) => s.start >= t0),
    );
  }

  const samples = profileSamples(events, mainKey, moduleOf);
  const mainTasks = spansByThread.get(mainKey) ?? [];
  const main = { wallMs: 0, cpuMs: 0, buckets: emptyBuckets() };
  const mainModules = new Map<string, number>();
  const mainFunctions = new Map<string, number>();
  const mainNames = new Map<string, number>();
  const longTasks: TaskSummary[] = [];
  for (const task of mainTasks) {
    const wallMs = (task.end - task.start) / 1000;
    main.wallMs += wallMs;
    main.cpuMs += (task.cpu ?? task.end - task.start) / 1000;
    const buckets = emptyBuckets();
    walk(task, (s) => {
      const ms = s.self / 1000;
      buckets[bucketOf(s.name)] += ms;
      mainNames.set(s.name, (mainNames.get(s.name) ?? 0) + ms);
    });
    for (const b of BUCKETS) main.buckets[b] += buckets[b];
    const inTask = samplesIn(samples, task.start, task.end);
    for (const s of inTask) {
      add(mainModules, s.module, s.ms);
      add(mainFunctions, `${s.module}:${s.fn}`, s.ms);
    }
    if (wallMs <= longTaskMs) continue;
    const modules = new Map<string, number>();
    const functions = new Map<string, number>();
    for (const s of inTask) {
      add(modules, s.module, s.ms);
      add(functions, `${s.module}:${s.fn}`, s.ms);
    }
    longTasks.push({
      at: (task.start - t0) / 1000,
      wallMs,
      cpuMs: task.cpu === null ? null : task.cpu / 1000,
      buckets,
      entry: entryOf(task),
      modules: top(modules, 4),
      functions: top(functions, 4),
    });
  }

  // CPU by thread group, over every process the trace saw.
  const groups = new Map<string, { wallMs: number; cpuMs: number }>();
  for (const [k, spans] of spansByThread) {
    const pid = Number(k.split(':')[0]);
    const label = threadLabel(
      threadNames.get(k) ?? '?',
      processNames.get(pid) ?? '?',
      pid,
      pagePid,
    );
    const g = groups.get(label) ?? { wallMs: 0, cpuMs: 0 };
    for (const s of spans) {
      g.wallMs += (s.end - s.start) / 1000;
      g.cpuMs += (s.cpu ?? 0) / 1000;
    }
    groups.set(label, g);
  }
  const threads = [...groups]
    .map(([label, g]) => ({ label, ...g }))
    .filter((g) => g.cpuMs >= 1 || g.wallMs >= 1)
    .sort((a, b) => b.cpuMs - a.cpuMs);

  return {
    windowMs,
    mainTasks: mainTasks.length,
    main,
    mainModules: top(mainModules, 12),
    mainFunctions: top(mainFunctions, 15),
    mainEventNames: top(mainNames, 15),
    longTasks,
    threads,
  };
}

function key(pid: number, tid: number): string {
  return `${pid}:${tid}`;
}

function emptyBuckets(): Record<Bucket, number> {
  return { script: 0, style: 0, layout: 0, paint: 0, gc: 0, message: 0, other: 0 };
}

function add(map: Map<string, number>, k: string, v: number): void {
  map.set(k, (map.get(k) ?? 0) + v);
}

function top(map: Map<string, number>, n: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** The renderer that shows the page: from the browser's list of frames, else the busiest one. */
function findPagePid(
  events: readonly TraceEvent[],
  pageUrl: string,
  threadNames: Map<string, string>,
): number {
  for (const e of events) {
    if (e.name !== 'TracingStartedInBrowser' && e.name !== 'FrameCommittedInBrowser') continue;
    const data = (e.args as { data?: Record<string, unknown> } | undefined)?.data;
    const frames = (data?.frames as { url?: string; processId?: number }[] | undefined) ?? [data];
    for (const f of frames) {
      const frame = f as { url?: string; processId?: number } | undefined;
      if (frame?.url?.startsWith(pageUrl) && frame.processId !== undefined) return frame.processId;
    }
  }
  const busy = new Map<number, number>();
  for (const e of events) {
    if (e.ph === 'X' && threadNames.get(key(e.pid, e.tid)) === 'CrRendererMain') {
      busy.set(e.pid, (busy.get(e.pid) ?? 0) + (e.dur ?? 0));
    }
  }
  const best = top(new Map([...busy].map(([p, d]) => [String(p), d])), 1)[0];
  if (best === undefined) throw new Error('no renderer in the trace');
  return Number(best[0]);
}

/** Nests each thread's complete (X) and begin/end (B/E) events; returns the outermost. */
function buildSpans(events: readonly TraceEvent[]): Map<string, Span[]> {
  const raw = new Map<string, Span[]>();
  const open = new Map<string, TraceEvent[]>();
  const push = (k: string, s: Span) => {
    const list = raw.get(k) ?? [];
    list.push(s);
    raw.set(k, list);
  };
  for (const e of events) {
    const k = key(e.pid, e.tid);
    if (e.ph === 'X' && e.dur !== undefined) {
      push(k, span(e.name, e.ts, e.ts + e.dur, e.tdur ?? null, e.args));
    } else if (e.ph === 'B') {
      const stack = open.get(k) ?? [];
      stack.push(e);
      open.set(k, stack);
    } else if (e.ph === 'E') {
      const begin = open.get(k)?.pop();
      if (begin !== undefined) push(k, span(begin.name, begin.ts, e.ts, null, begin.args));
    }
  }
  const roots = new Map<string, Span[]>();
  for (const [k, list] of raw) {
    // Parents first: earlier start, then the longer of two that start together.
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Span[] = [];
    const stack: Span[] = [];
    for (const s of list) {
      while (stack.length > 0 && stack[stack.length - 1].end <= s.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined && s.end <= parent.end) {
        parent.children.push(s);
        parent.self -= s.end - s.start;
      } else if (parent === undefined) {
        out.push(s);
      } else {
        continue; // overlaps its parent's end: a malformed pair, left out
      }
      stack.push(s);
    }
    roots.set(k, out);
  }
  return roots;
}

function span(
  name: string,
  start: number,
  end: number,
  cpu: number | null,
  args?: Record<string, unknown>,
): Span {
  return { name, start, end, cpu, self: end - start, args, children: [] };
}

function walk(s: Span, visit: (s: Span) => void): void {
  visit(s);
  for (const c of s.children) walk(c, visit);
}

/** The first named work inside a task, with the function or event type where the trace has it. */
function entryOf(task: Span): string {
  const parts: string[] = [];
  const visit = (s: Span, depth: number) => {
    if (parts.length >= 3 || depth > 4) return;
    const data = (s.args as { data?: Record<string, unknown> } | undefined)?.data;
    const what = data?.functionName || data?.type || data?.name;
    if (!/RunTask|ThreadController|ThreadPool|TaskAnnotator/.test(s.name)) {
      parts.push(what ? `${s.name}(${String(what)})` : s.name);
    }
    for (const c of s.children) visit(c, depth + 1);
  };
  visit(task, 0);
  return parts.join(' > ');
}

interface Sample {
  readonly at: number;
  readonly ms: number;
  readonly module: string;
  readonly fn: string;
}

/** The sampling profiler's samples on the main thread, each charged to its top frame. */
function profileSamples(events: readonly TraceEvent[], mainKey: string, moduleOf: ModuleOf) {
  const pid = Number(mainKey.split(':')[0]);
  const starts = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'Profile' && key(e.pid, e.tid) === mainKey) {
      const data = (e.args as { data?: { startTime?: number } }).data;
      starts.set(String(e.id), data?.startTime ?? e.ts);
    }
  }
  type Node = {
    id: number;
    parent?: number;
    callFrame: { functionName: string; url?: string; lineNumber?: number };
  };
  const out: Sample[] = [];
  for (const [id, startTime] of starts) {
    const nodes = new Map<number, Node>();
    const ids: number[] = [];
    const deltas: number[] = [];
    for (const e of events) {
      if (e.name !== 'ProfileChunk' || e.pid !== pid || String(e.id) !== id) continue;
      const data = (
        e.args as {
          data?: {
            cpuProfile?: { nodes?: Node[]; samples?: number[] };
            timeDeltas?: number[];
          };
        }
      ).data;
      for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
      ids.push(...(data?.cpuProfile?.samples ?? []));
      deltas.push(...(data?.timeDeltas ?? []));
    }
    let t = startTime;
    const times = deltas.map((d) => (t += d));
    for (let i = 0; i < ids.length; i++) {
      const node = nodes.get(ids[i]);
      if (node === undefined) continue;
      const leaf = node.callFrame.functionName || '(anonymous)';
      if (leaf === '(idle)' || leaf === '(program)' || leaf === '(root)') continue;
      const next = times[i + 1] ?? times[i];
      const ms = Math.min(Math.max(0, next - times[i]), 5000) / 1000;
      // Charge the sample to the nearest frame with source (a builtin's caller), naming both.
      let js: Node | undefined = node;
      while (js !== undefined && !js.callFrame.url)
        js = js.parent === undefined ? undefined : nodes.get(js.parent);
      const module =
        js === undefined
          ? leaf === '(garbage collector)'
            ? '(gc)'
            : '(native)'
          : moduleOf(js.callFrame.url ?? '', js.callFrame.lineNumber ?? 0);
      const jsName = js === undefined ? '' : js.callFrame.functionName || '(anonymous)';
      const fn = js === node || js === undefined ? leaf : `${jsName}>${leaf}`;
      out.push({ at: times[i], ms, module, fn });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function samplesIn(samples: readonly Sample[], start: number, end: number): Sample[] {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].at < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Sample[] = [];
  for (let i = lo; i < samples.length && samples[i].at < end; i++) out.push(samples[i]);
  return out;
}

/** Thread groups worth telling apart. */
function threadLabel(thread: string, processName: string, pid: number, pagePid: number): string {
  const where =
    pid === pagePid ? 'page' : processName === 'Renderer' ? 'other renderer' : processName;
  if (pid === pagePid) {
    if (thread === 'CrRendererMain') return 'page main thread';
    if (thread === 'Compositor') return 'page compositor';
    if (thread.startsWith('CompositorTileWorker')) return 'page raster';
    if (thread.startsWith('DedicatedWorker')) return 'page workers (training, wasm threads)';
    return `page other (${thread})`;
  }
  if (thread === 'VizCompositorThread') return 'GPU process: display compositor';
  if (thread === 'CrGpuMain') return 'GPU process: main';
  return `${where}: ${thread.replace(/\d+$/, '')}`;
}
