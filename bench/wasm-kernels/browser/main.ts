// Benchmark page: runs the DCGAN step benchmark in a module worker (as the app trains) and
// prints each result line to the console and the page. Query: ?threads=0 to force one thread.

const out = document.getElementById('out')!;
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<{ line?: string; done?: boolean }>) => {
  if (event.data.line !== undefined) {
    console.log(event.data.line);
    out.textContent += `\n${event.data.line}`;
  }
  if (event.data.done === true) console.log('BENCH DONE');
};
worker.onerror = (event) => console.log(`BENCH ERROR ${event.message}`);
worker.postMessage({
  threads: params.get('threads') !== '0',
  steps: Number(params.get('steps') ?? 5),
  crossOriginIsolated,
});
