// Progress lines of `npm run quality` on stderr, stamped with the seconds since the start, so
// stdout carries only the report.

const T0 = Date.now();

export function log(message: string): void {
  const at = ((Date.now() - T0) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[quality ${at} s] ${message}\n`);
}
