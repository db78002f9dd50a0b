// How a thrown value becomes words, in one place for the worker and the page.

/** The message of a thrown value: an Error's message, anything else as a string. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** "Name: message" for Errors and DOMExceptions (storage logs: which failure it was), else a string. */
export function namedMessageOf(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return `${err.name}: ${err.message}`;
  return String(err);
}
