/** Identifier comparison: Graph GUIDs, UPNs and ARM resource ids all compare case-insensitively. */

/** The canonical (lowercase) form of an id, UPN or ARM resource id. */
export function key(value: string | null | undefined): string {
  return (value ?? '').toLowerCase();
}

/** Case-insensitive equality of two ids, UPNs or resource ids. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && key(a) === key(b);
}
