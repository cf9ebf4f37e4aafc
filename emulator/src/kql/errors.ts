/**
 * Why a query was refused, in the terms the Log Analytics service uses: a syntax error (the
 * parser could not read it), a semantic error (an unknown table, column or function, a type
 * error), or a part of KQL this interpreter does not implement — refused, never skipped, so a
 * query never silently answers something other than what it asks.
 */
import { lineColumn, sourceOf, type KqlNode } from './language.js';

/** The three ways a query is refused. */
export type KqlErrorKind = 'syntax' | 'semantic' | 'unsupported';

/** A refused query. */
export class KqlError extends Error {
  override readonly name = 'KqlError';
  constructor(
    readonly kind: KqlErrorKind,
    message: string,
    /** The innermost code: the analyzer's (`KS142`), the service's style (`SYN0002`, `SEM0100`), or `EMU0001` for unsupported parts. */
    readonly code: string,
    /** Where in the query, one-based. */
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** The part of the query a node spans, shortened for a message. */
function excerpt(node: KqlNode): string {
  const text = sourceOf(node).replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A refusal of something this interpreter does not implement, naming it. */
export function unsupported(query: string, node: KqlNode, what: string): KqlError {
  return new KqlError(
    'unsupported',
    `${what} is not supported by the breakglass emulator's KQL interpreter (at '${excerpt(node)}')`,
    'EMU0001',
    lineColumn(query, node.offset),
  );
}

/** A runtime semantic error (e.g. a function called with the wrong number of arguments). */
export function semantic(query: string, node: KqlNode, message: string): KqlError {
  return new KqlError('semantic', message, 'SEM0001', lineColumn(query, node.offset));
}

/**
 * The body Log Analytics answers a refused query with (400): `BadArgumentError`, an inner
 * `SyntaxError` or `SemanticError`, and the innermost detail naming the problem.
 */
export function serviceErrorBody(error: KqlError, correlationId: string): Record<string, unknown> {
  const inner =
    error.kind === 'syntax'
      ? { code: 'SyntaxError', message: 'A recognition error occurred in the query.' }
      : { code: 'SemanticError', message: 'A semantic error occurred.' };
  return {
    message: 'The request had some invalid properties',
    code: 'BadArgumentError',
    correlationId,
    innererror: {
      ...inner,
      innererror: {
        code: error.code,
        message: error.message,
        ...(error.position ? { line: error.position.line, pos: error.position.column } : {}),
      },
    },
  };
}
