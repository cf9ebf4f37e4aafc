/**
 * Writing log search alert rules: like Azure Monitor, the emulator validates every condition's
 * query against the workspace's tables on create and update, and refuses a query that does not
 * parse or bind with Log Analytics' 400 `BadArgumentError` — unless `skipQueryValidation` is true.
 * Table-driven: the product's rule body with one change per case.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  auditQuery,
  ids,
  monitoringTenant,
  ruleBody,
  signInQuery,
} from '../monitoring/monitoring-fixture.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const rg = `/subscriptions/${ids.subscription}/resourceGroups/rg-breakglass`;
const rulePath = (name: string) =>
  `/arm${rg}/providers/Microsoft.Insights/scheduledQueryRules/${name}?api-version=2023-12-01`;

/** The guide's query: a typographic closing quote leaves the string literal unterminated. */
const guideQuery = `SigninLogs\n| project UserId\n| where UserId == "${ids.breakGlass}\u201C`;

/** What a refused write must answer: the middle error's code and message, and the innermost one. */
interface Refusal {
  readonly inner: 'SyntaxError' | 'SemanticError';
  readonly innerMessage: string;
  readonly code: string | RegExp;
  readonly message: string | RegExp;
}

const cases: {
  name: string;
  query: string;
  overrides?: Record<string, unknown>;
  /** A second condition, when the case needs two. */
  secondQuery?: string;
  refused?: Refusal;
}[] = [
  { name: "the product's sign-in alert query", query: signInQuery },
  { name: "the product's audit alert query", query: auditQuery },
  {
    // Valid KQL the emulator's interpreter does not run is still valid KQL: Azure accepts it.
    name: 'a join (valid KQL the interpreter does not implement)',
    query: 'SigninLogs | join kind=inner (AuditLogs) on CorrelationId | take 1',
  },
  {
    name: 'a syntax error (the guide query)',
    query: guideQuery,
    refused: {
      inner: 'SyntaxError',
      innerMessage: 'Syntax Error',
      code: 'KS001',
      message: /^Query could not be parsed at line 3, column \d+: Missing: "$/,
    },
  },
  {
    // The parser reports this one with a code above KS100; it is a syntax error all the same.
    name: 'a syntax error (a pipe with no operator)',
    query: 'SigninLogs | where UserId == "a" |',
    refused: {
      inner: 'SyntaxError',
      innerMessage: 'Syntax Error',
      code: 'KS176',
      message: /Query operator expected/,
    },
  },
  {
    name: 'an unknown table',
    query: 'AzureDiagnostics | where Category == "SignInLogs"',
    refused: {
      inner: 'SemanticError',
      innerMessage: 'A semantic error occurred.',
      code: 'SEM0100',
      message: "'where' operator: Failed to resolve table or column expression named 'AzureDiagnostics'",
    },
  },
  {
    name: 'an unknown column (wrong case)',
    query: 'SigninLogs | where UserID == "a"',
    refused: {
      inner: 'SemanticError',
      innerMessage: 'A semantic error occurred.',
      code: 'SEM0100',
      message: "'where' operator: Failed to resolve table or column expression named 'UserID'",
    },
  },
  {
    name: 'a column dropped by project (the guide query with the quote fixed)',
    query: 'SigninLogs | project UserId | summarize count() by UserPrincipalName',
    refused: {
      inner: 'SemanticError',
      innerMessage: 'A semantic error occurred.',
      code: 'SEM0100',
      message: "'summarize' operator: Failed to resolve table or column expression named 'UserPrincipalName'",
    },
  },
  {
    name: 'a type error',
    query: 'SigninLogs | where ResultType > 0',
    refused: {
      inner: 'SemanticError',
      innerMessage: 'A semantic error occurred.',
      code: /^KS\d+$/,
      message: /'>'.*string/,
    },
  },
  {
    name: 'a bad query in the second condition',
    query: signInQuery,
    secondQuery: 'Heartbeat | take 1',
    refused: {
      inner: 'SemanticError',
      innerMessage: 'A semantic error occurred.',
      code: 'SEM0100',
      message: "'take' operator: Failed to resolve table or column expression named 'Heartbeat'",
    },
  },
  {
    name: 'the guide query with skipQueryValidation: true',
    query: guideQuery,
    overrides: { skipQueryValidation: true },
  },
  {
    name: 'an unknown table with skipQueryValidation: true',
    query: 'AzureDiagnostics | where Category == "SignInLogs"',
    overrides: { skipQueryValidation: true },
  },
];

/** The product's rule body with `query` (and a second condition when given). */
function body(query: string, overrides: Record<string, unknown> = {}, secondQuery?: string) {
  const rule = ruleBody(query, overrides) as { properties: { criteria: { allOf: object[] } } };
  const [first] = rule.properties.criteria.allOf;
  if (secondQuery !== undefined) rule.properties.criteria.allOf.push({ ...first, query: secondQuery });
  return rule;
}

describe('scheduledQueryRules PUT validates the query', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => {
    t = await startTestEmulator({ tenant: monitoringTenant() });
    token = await t.token({ resource: 'arm' });
    const res = await t.call('PUT', `/arm${rg}?api-version=2021-04-01`, {
      token,
      body: { location: 'westeurope' },
    });
    assert.equal(res.status, 201, res.text);
  });
  after(() => t.close());

  cases.forEach((c, index) => {
    it(c.name, async () => {
      const name = `rule-${index}`;
      const clientRequestId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      const res = await t.call('PUT', rulePath(name), {
        token,
        body: body(c.query, c.overrides, c.secondQuery),
        headers: { 'x-ms-client-request-id': clientRequestId },
      });
      const stored = await t.call('GET', rulePath(name), { token });
      if (!c.refused) {
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.properties.criteria.allOf[0].query, c.query);
        assert.equal(res.body.properties.skipQueryValidation, c.overrides?.['skipQueryValidation'] ?? false);
        assert.equal(stored.status, 200);
        return;
      }
      assert.equal(res.status, 400, res.text);
      const error = res.body.error;
      assert.equal(error.code, 'BadArgumentError');
      assert.equal(error.message, 'The request had some invalid properties');
      assert.equal(error.innererror.code, c.refused.inner);
      assert.equal(error.innererror.message, c.refused.innerMessage);
      const innermost = error.innererror.innererror;
      if (typeof c.refused.code === 'string') assert.equal(innermost.code, c.refused.code);
      else assert.match(innermost.code, c.refused.code);
      if (typeof c.refused.message === 'string') assert.equal(innermost.message, c.refused.message);
      else assert.match(innermost.message, c.refused.message);
      // ARM's usual ids, and the body's correlation id is the one in the header.
      assert.match(String(res.headers['x-ms-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(res.headers['x-ms-correlation-request-id'], clientRequestId);
      assert.equal(error.correlationId, clientRequestId);
      assert.equal(stored.status, 404, 'a refused rule is not stored');
    });
  });

  it('an update that breaks the query is refused and the rule stays as it was', async () => {
    const path = rulePath('rule-update');
    assert.equal((await t.call('PUT', path, { token, body: body(signInQuery) })).status, 201);
    assert.equal((await t.call('PUT', path, { token, body: body(signInQuery) })).status, 200);
    const put = await t.call('PUT', path, { token, body: body(guideQuery) });
    assert.equal(put.status, 400, put.text);
    const patch = await t.call('PATCH', path, {
      token,
      body: { properties: { criteria: { allOf: [{ query: 'SigninLogs | where Nope == 1' }] } } },
    });
    assert.equal(patch.status, 400, patch.text);
    assert.equal(patch.body.error.innererror.innererror.code, 'SEM0100');
    const stored = await t.call('GET', path, { token });
    assert.equal(stored.body.properties.criteria.allOf[0].query, signInQuery);
  });
});
