/**
 * Reading loosely shaped Graph JSON: collections that may be missing, null or (in real exports)
 * the wrong type, and flag enums that Graph serialises as one comma-separated string.
 */
import type { GraphObject } from './types.js';

/** A string collection; missing, null or not-an-array reads as empty ("not configured"). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A flags enum (`"deviceCodeFlow,authenticationTransfer"`) or an array of its members. */
export function flags(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return strings(value);
}

/** A nested object, or undefined when missing, null or not an object (e.g. `"locations": []`). */
export function object(value: unknown): GraphObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as GraphObject)
    : undefined;
}

/** Case-insensitive membership, as Graph compares ids and keywords. */
export function includesCi(list: readonly string[], value: string): boolean {
  const wanted = value.toLowerCase();
  return list.some((v) => v.toLowerCase() === wanted);
}
