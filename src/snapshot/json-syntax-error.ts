/**
 * Where a JSON document stops being JSON. Node 20's `JSON.parse` messages carry no position
 * ("Unexpected token '}', ... is not valid JSON"), so after a failed parse we scan the text once
 * with a small recogniser that knows exactly where it failed. Only runs on the error path.
 */

/** The first syntax error in a JSON text, 1-based line and column (column counts UTF-16 units). */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

/** Returns the first syntax error in `text`, or `undefined` when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const failure = scan(text);
  if (failure === undefined) return undefined;
  const { line, column } = lineAndColumn(text, failure.offset);
  return { offset: failure.offset, line, column, message: failure.message };
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Failure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

function scan(text: string): Failure | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new Failure(at, message);
  };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `${JSON.stringify(text[at])}`);
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(i)}`);
  };
  const string = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in string (newlines and tabs must be escaped)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`bad escape \\${e ?? ''}`);
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`unexpected ${describe(i)}`);
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('nested too deeply');
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        string();
        skipSpace();
        if (text[i] !== ':') fail(`expected ":" after the property name, found ${describe(i)}`);
        i++;
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          const comma = i++;
          skipSpace();
          if (text[i] === '}') fail('trailing comma before "}"', comma);
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}", found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          const comma = i++;
          skipSpace();
          if (text[i] === ']') fail('trailing comma before "]"', comma);
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]", found ${describe(i)}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(i >= text.length ? 'unexpected end of file' : `unexpected ${describe(i)}`);
  };
  try {
    value(0);
    skipSpace();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
    return undefined;
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
}
