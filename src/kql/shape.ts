/**
 * Analysing a query by its shape. The costly part of analysing KQL is parsing and binding; neither
 * depends on what a string literal in a comparison says (`UserId in ("…", "…")` parses and binds
 * alike whatever the ids). A fleet's alert queries are one template with each tenant's account ids
 * and names in it, so the template — the query with every such literal emptied — is analysed once
 * and its analysis, with the literals put back, is each tenant's.
 *
 * Only where that is certain: every string literal must be a whole value compared against (an
 * operand of `==`, `in`, `has`… inside a `where`), not an argument of a function (`table("…")`,
 * `column_ifexists("…")` bind by their text), and the template must analyse without any diagnostic
 * (a message's position would differ). Otherwise `analyseByShape` declines and the query is analysed
 * as written. `shape.test.ts` checks the result equals the library's own analysis.
 */
import { stringLiteralValue, tokenizeKql } from './language.js';
import type { KqlNode, ParsedKql } from './parse.js';

/** Syntax kinds a string literal may sit under, up to its `where`, for its text not to matter. */
const VALUE_CONTEXTS = new Set([
  'StringLiteralExpression',
  'SeparatedElement',
  'List',
  'SyntaxList',
  'ExpressionList',
  'ParenthesizedExpression',
  'AndExpression',
  'OrExpression',
  'EqualExpression',
  'NotEqualExpression',
  'EqualTildeExpression',
  'BangTildeExpression',
  'InExpression',
  'InCsExpression',
  'NotInExpression',
  'NotInCsExpression',
  'HasExpression',
  'HasCsExpression',
  'NotHasExpression',
  'NotHasCsExpression',
  'HasAnyExpression',
  'HasAllExpression',
  'ContainsExpression',
  'ContainsCsExpression',
  'NotContainsExpression',
  'NotContainsCsExpression',
  'StartsWithExpression',
  'StartsWithCsExpression',
  'NotStartsWithExpression',
  'NotStartsWithCsExpression',
  'EndsWithExpression',
  'EndsWithCsExpression',
  'NotEndsWithExpression',
  'NotEndsWithCsExpression',
]);

/** The query with every string literal emptied, and the literals taken out; undefined if none. */
export function queryTemplate(query: string): { template: string; literals: string[] } | undefined {
  const tokens = tokenizeKql(query);
  if (!tokens) return undefined;
  // The lexer's tokens must spell the query exactly, or the template would not be its shape.
  if (tokens.map((t) => t.trivia + t.text).join('') !== query) return undefined;
  // A literal the lexer could not close (the guide's typographic quote) is an error of the query.
  if (tokens.some((t) => t.flawed)) return undefined;
  const literals: string[] = [];
  const template = tokens
    .map((token) => {
      if (token.kind !== 'StringLiteralToken') return token.trivia + token.text;
      literals.push(token.text);
      return `${token.trivia}""`;
    })
    .join('');
  return literals.length > 0 && template !== query ? { template, literals } : undefined;
}

/**
 * The string literal tokens of a tree in document order, each with whether its text cannot matter
 * to the analysis (see `VALUE_CONTEXTS`: up to the nearest `where`).
 */
function literalTokens(root: KqlNode): { token: KqlNode; expression: KqlNode; safe: boolean }[] {
  const found: { token: KqlNode; expression: KqlNode; safe: boolean }[] = [];
  const visit = (node: KqlNode, ancestors: KqlNode[]) => {
    if (node.kind === 'StringLiteralToken') {
      const expression = ancestors[ancestors.length - 1]!;
      let safe = expression?.kind === 'StringLiteralExpression' && expression.children.length === 1;
      for (let i = ancestors.length - 1; safe && i >= 0; i--) {
        const kind = ancestors[i]!.kind;
        if (kind === 'FilterOperator') break;
        if (!VALUE_CONTEXTS.has(kind)) safe = false;
        if (i === 0) safe = false; // no `where` above it
      }
      found.push({ token: node, expression, safe });
      return;
    }
    ancestors.push(node);
    for (const child of node.children) visit(child, ancestors);
    ancestors.pop();
  };
  visit(root, []);
  return found;
}

/** A copy of the tree with the i-th string literal token (and its expression's value) replaced. */
function withLiterals(root: KqlNode, literals: readonly string[], values: readonly string[]): KqlNode {
  let next = 0;
  const copy = (node: KqlNode): KqlNode => {
    if (node.kind === 'StringLiteralExpression' && node.children.length === 1) {
      const [token] = node.children;
      if (token?.kind === 'StringLiteralToken') {
        const i = next++;
        return { ...node, value: values[i]!, children: [{ ...token, text: literals[i]!, children: [] }] };
      }
    }
    if (node.kind === 'StringLiteralToken') next++;
    return { ...node, children: node.children.map(copy) };
  };
  return copy(root);
}

/**
 * The analysis of `query` made from its template's (`analyseTemplate`), or undefined when that
 * would not be certainly the same as analysing `query` itself.
 */
export function analyseByShape(
  query: string,
  analyseTemplate: (template: string) => ParsedKql,
): ParsedKql | undefined {
  const shape = queryTemplate(query);
  if (!shape) return undefined;
  const template = analyseTemplate(shape.template);
  if (template.diagnostics.length > 0) return undefined;
  const tokens = literalTokens(template.root);
  if (tokens.length !== shape.literals.length || tokens.some((t) => !t.safe)) return undefined;
  const values: string[] = [];
  for (const literal of shape.literals) {
    const value = stringLiteralValue(literal);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return {
    text: query,
    diagnostics: [],
    ok: true,
    root: withLiterals(template.root, shape.literals, values),
  };
}
