// The flags of the flag-icons package, in the order the flags dataset uses: sorted by code.
// Label i of the flags dataset is FLAGS[i]. Shared by the build script (which rasterizes them in
// this order) and the loader (whose label names come from here), so the two cannot drift apart.

// A JSON import is bundled into the app (about 50 kB, 271 entries): small next to the data.
import countries from 'flag-icons/country.json';

export interface FlagEntry {
  /** flag-icons code: ISO 3166-1 alpha-2 ("fr"), or a region/organisation ("gb-sct", "eu", "un"). */
  readonly code: string;
  readonly name: string;
  /** Whether the code is an ISO 3166 code (false for regions, organisations and "xx"). */
  readonly iso: boolean;
}

/** Sorted by code in plain code-point order, so the order never depends on a locale. */
export const FLAGS: readonly FlagEntry[] = countries
  .map((c) => ({ code: c.code, name: c.name, iso: c.iso }))
  .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export const FLAG_CODES: readonly string[] = FLAGS.map((f) => f.code);
export const FLAG_NAMES: readonly string[] = FLAGS.map((f) => f.name);

/** Held-out flags: every 10th in code order (indices 9, 19, ...): 27 of 271, spread over the alphabet. */
export function isFlagTestIndex(index: number): boolean {
  return index % 10 === 9;
}
