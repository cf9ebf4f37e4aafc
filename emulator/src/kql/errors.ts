/**
 * Why a query was refused, in the terms the Log Analytics service uses: a syntax error (the
 * parser could not read it), a semantic error (an unknown table, column or function, a type
 * error), or a part of KQL this interpreter does not implement — refused, never skipped, so a
 * query never silently answers something other than what it asks.
 */
import { EmulatorHttpError } from '../http/errors.js';
import { lineColumn, sourceOf, type AnalyzedQuery, type KqlDiagnostic, type KqlNode } from './language.js';

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

/** Analyzer codes for a name that resolves to nothing: a column, variable or function (KS142), a table (KS204). */
const unresolvedNameCodes = new Set(['KS142', 'KS204']);

/** Where a node ends in the query (the end of its last token). */
function endOf(node: KqlNode): number {
  if (node.text !== undefined) return node.offset + node.text.length;
  const last = node.children[node.children.length - 1];
  return last ? endOf(last) : node.offset;
}

/** The first token of a node: an operator's keyword (`where`, `mv-expand` …). */
function firstToken(node: KqlNode): KqlNode | undefined {
  if (node.text !== undefined) return node;
  for (const child of node.children) {
    const token = firstToken(child);
    if (token?.text) return token;
  }
  return undefined;
}

/**
 * The query operator the service blames for an unresolved name at `offset`: the innermost
 * operator around it, or, for the source table of a pipe, the first operator applied to it —
 * Kusto reports `AzureDiagnostics | where …` as "'where' operator: Failed to resolve …".
 */
function operatorAt(root: KqlNode, offset: number): string | undefined {
  const path: KqlNode[] = [];
  for (let node: KqlNode | undefined = root; node;) {
    path.push(node);
    node = node.children.find((c) => c.offset <= offset && offset < endOf(c));
  }
  for (let i = path.length - 2; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind.endsWith('Operator')) return firstToken(node)?.text;
    if (node.kind === 'PipeExpression' && node.children[0] === path[i + 1]) {
      const operator = node.children.find((c, at) => at > 0 && c.text === undefined);
      return operator ? firstToken(operator)?.text : undefined;
    }
  }
  return undefined;
}

/** The refusal for one analyzer error (see {@link analysisError}). */
function diagnosticError(query: string, root: KqlNode, diagnostic: KqlDiagnostic): KqlError {
  const position = lineColumn(query, diagnostic.offset);
  if (diagnostic.syntax) {
    return new KqlError(
      'syntax',
      `Query could not be parsed at line ${position.line}, column ${position.column}: ${diagnostic.message}`,
      diagnostic.code,
      position,
    );
  }
  if (unresolvedNameCodes.has(diagnostic.code)) {
    const name = query.slice(diagnostic.offset, diagnostic.offset + diagnostic.length);
    const operator = operatorAt(root, diagnostic.offset);
    return new KqlError(
      'semantic',
      `${operator ? `'${operator}' operator: ` : ''}Failed to resolve table or column expression named '${name}'`,
      'SEM0100',
      position,
    );
  }
  return new KqlError('semantic', diagnostic.message, diagnostic.code, position);
}

/**
 * How the service refuses a query the analyzer found an error in (the first one), or undefined
 * when it parses and binds. Classified as the service does: the parser's diagnostics are syntax
 * errors, the binder's semantic ones; a name that resolves to nothing gets the service's `SEM0100`
 * wording ("'where' operator: Failed to resolve table or column expression named 'X'").
 */
export function analysisError(analyzed: AnalyzedQuery): KqlError | undefined {
  const first = analyzed.diagnostics.find((d) => d.severity === 'error');
  return first ? diagnosticError(analyzed.text, analyzed.root, first) : undefined;
}

/**
 * Which API refuses the query. The wording of the middle error differs: the query API says "A
 * recognition error occurred in the query." for a syntax error, the alert-rule validation of
 * `Microsoft.Insights/scheduledQueryRules` says "Syntax Error".
 */
export type KqlRefusingApi = 'query' | 'alertRule';

const middleMessages: Readonly<Record<KqlRefusingApi, Record<'syntax' | 'semantic', string>>> = {
  query: { syntax: 'A recognition error occurred in the query.', semantic: 'A semantic error occurred.' },
  alertRule: { syntax: 'Syntax Error', semantic: 'A semantic error occurred.' },
};

/**
 * The body Log Analytics answers a refused query with (400): `BadArgumentError`, an inner
 * `SyntaxError` or `SemanticError`, and the innermost detail naming the problem.
 */
export function serviceErrorBody(
  error: KqlError,
  correlationId: string,
  api: KqlRefusingApi = 'query',
): Record<string, unknown> {
  const inner =
    error.kind === 'syntax'
      ? { code: 'SyntaxError', message: middleMessages[api].syntax }
      : { code: 'SemanticError', message: middleMessages[api].semantic };
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

/** {@link serviceErrorBody} as the error a route throws: 400, rendered in the ARM envelope. */
export function serviceHttpError(
  error: KqlError,
  correlationId: string,
  api: KqlRefusingApi = 'query',
): EmulatorHttpError {
  const { code, message, ...extra } = serviceErrorBody(error, correlationId, api);
  return new EmulatorHttpError(400, String(code), String(message), 'arm', {}, extra);
}
