// Counts in words: "1 step", "2 steps", "1,024 images".

/** `n` and the noun, singular for exactly one (plural is `singular` + s unless given). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`;
}
