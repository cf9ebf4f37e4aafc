/**
 * Writing user data (UPNs, ids, names) into KQL as string literals that cannot break out: every
 * character that could end or alter the literal is escaped, so a UPN such as `a"b\c@x` stays one
 * value however it is spelt.
 */

/** A double-quoted KQL string literal whose decoded value is exactly `value`. */
export function kqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Other control characters and the Unicode line separators would end or garble the line.
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A parenthesised list of KQL string literals, for `in (…)`. */
export function kqlStringList(values: readonly string[]): string {
  return `(${values.map(kqlString).join(', ')})`;
}
