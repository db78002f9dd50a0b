// Plain data (what JSON can hold) written as Python source: True/False/None instead of
// true/false/null, strings with the escapes both languages share.

export type PlainValue =
  string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** A Python string literal. JSON's escaping is valid Python for everything JSON.stringify emits. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** A Python expression for a JSON-like value; dicts on one line unless `indent` is given. */
export function pyLiteral(value: PlainValue, indent = '', step = '    '): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a Python literal`);
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) {
    return `[${(value as readonly PlainValue[]).map((v) => pyLiteral(v)).join(', ')}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: PlainValue });
  if (entries.length === 0) return '{}';
  const inner = indent + step;
  const body = entries.map(([k, v]) => `${inner}${pyString(k)}: ${pyLiteral(v, inner, step)},`);
  return `{\n${body.join('\n')}\n${indent}}`;
}
