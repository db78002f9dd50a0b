// Small guards for untrusted JSON values. Each throws a WeightsImportError whose message names
// the field by its path in the file (e.g. `networks.generator[3].shape`).

import { WeightsImportError, type WeightsProblem } from './errors';

export type JsonObject = Record<string, unknown>;

/** Throws; a message that starts with a field path (`networks.generator ...`) gets a subject. */
export function fail(problem: WeightsProblem, message: string): never {
  throw new WeightsImportError(
    problem,
    /^[a-z]/.test(message) ? `The weights file's ${message}` : message,
  );
}

/** A short, bounded description of an untrusted value: never its whole text, never recursive. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('structure', `${path} must be an object, found ${describe(value)}.`);
  }
  return value as JsonObject;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value))
    fail('structure', `${path} must be an array, found ${describe(value)}.`);
  return value;
}

export function stringAt(value: unknown, path: string, maxLength = 1000): string {
  if (typeof value !== 'string')
    fail('structure', `${path} must be a string, found ${describe(value)}.`);
  if (value.length > maxLength)
    fail('structure', `${path} is longer than ${maxLength} characters.`);
  return value;
}

export function booleanAt(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean')
    fail('structure', `${path} must be true or false, found ${describe(value)}.`);
  return value;
}

export function intAt(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(
      'structure',
      `${path} must be a whole number from ${min} to ${max}, found ${describe(value)}.`,
    );
  }
  return value === 0 ? 0 : value; // "-0" in the file counts as 0
}

export function finiteAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail('structure', `${path} must be a finite number, found ${describe(value)}.`);
  }
  return value;
}
