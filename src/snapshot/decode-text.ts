/**
 * Decoding a text file whose encoding we do not choose: exports from PowerShell arrive as UTF-16LE
 * with a byte-order mark (`Out-File`'s default in Windows PowerShell), others as UTF-8 with or
 * without a BOM.
 */

/** The encodings `decodeText` recognises. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Thrown when the bytes are not text in any encoding we accept. */
export class TextDecodingError extends Error {
  override readonly name = 'TextDecodingError';
}

/**
 * Decodes bytes by their byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE,
 * none → UTF-8. Invalid sequences are an error rather than U+FFFD, so a corrupted file is never
 * read as a slightly different one.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  let encoding: TextEncodingName = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  const body = bytes.subarray(start);
  if (encoding !== 'utf-8' && body.length % 2 !== 0) {
    throw new TextDecodingError(
      `is ${encoding.toUpperCase()} (by its byte-order mark) but has an odd number of bytes`,
    );
  }
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body), encoding };
  } catch {
    const hint =
      encoding === 'utf-8' && looksLikeUtf16WithoutBom(body)
        ? ' (it looks like UTF-16 without a byte-order mark)'
        : '';
    throw new TextDecodingError(`is not valid ${encoding.toUpperCase()} text${hint}`);
  }
}

/** ASCII text in UTF-16 has a zero in every other byte; used only to word an error. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return n >= 4 && zeros * 3 >= n;
}
