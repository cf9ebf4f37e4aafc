/**
 * The KQL interpreter, table-driven: one fixture of SigninLogs and AuditLogs rows, one query per
 * case and the rows it must return; then the refusals (syntax, semantic, unsupported).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KqlError } from './errors.js';
import { queryResponseBody, runKql, type RowSource } from './interpreter.js';

const now = new Date('2026-03-01T12:00:00Z');
const bg = { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', upn: 'BreakGlass1@contoso.com' };

const tables: Record<string, Record<string, unknown>[]> = {
  SigninLogs: [
    {
      TimeGenerated: '2026-03-01T11:58:00Z',
      UserId: bg.id,
      UserPrincipalName: bg.upn,
      ResultType: '0',
      IPAddress: '198.51.100.4',
      AppDisplayName: 'Azure Portal',
      Status: { errorCode: 0 },
      ConditionalAccessStatus: 'notApplied',
    },
    {
      TimeGenerated: '2026-03-01T10:00:00Z',
      UserId: 'u-alice',
      UserPrincipalName: 'alice@contoso.com',
      ResultType: '50074',
      IPAddress: '203.0.113.9',
      AppDisplayName: 'Azure Portal',
      Status: { errorCode: 50074, failureReason: 'Strong Authentication is required.' },
      ConditionalAccessStatus: 'failure',
    },
    {
      TimeGenerated: '2026-02-27T09:00:00Z',
      UserId: 'u-bob',
      UserPrincipalName: 'bob@contoso.com',
      ResultType: '0',
      IPAddress: '203.0.113.10',
      AppDisplayName: 'Microsoft Azure CLI',
      Status: { errorCode: 0 },
      ConditionalAccessStatus: 'success',
    },
  ],
  AuditLogs: [
    {
      TimeGenerated: '2026-03-01T11:00:00Z',
      OperationName: 'Update conditional access policy',
      Result: 'success',
      InitiatedBy: { user: { userPrincipalName: 'admin@contoso.com' }, app: null },
      TargetResources: [
        {
          id: 'policy-1',
          displayName: 'Require MFA',
          type: 'Policy',
          modifiedProperties: [{ displayName: 'state' }],
        },
      ],
    },
    {
      TimeGenerated: '2026-03-01T11:30:00Z',
      OperationName: 'Add member to group',
      Result: 'success',
      InitiatedBy: { user: null, app: { displayName: 'breakglass' } },
      TargetResources: [
        { id: bg.id.toUpperCase(), displayName: 'Break Glass 1', userPrincipalName: bg.upn, type: 'User' },
        { id: 'group-1', displayName: 'Emergency access', type: 'Group' },
      ],
    },
  ],
};

const source: RowSource = (table) => tables[table] ?? [];
const rowsOf = (query: string) => queryResponseBody(runKql(query, source, { now })).tables[0]!.rows;

/** Each case: a query and the rows (as the query API renders them) it returns. */
const cases: { name: string; query: string; rows: unknown[][] }[] = [
  {
    name: 'the product sign-in alert query (in, =~, project)',
    query: `SigninLogs | where UserId in ("${bg.id}") or UserPrincipalName =~ "breakglass1@CONTOSO.com"\n| project UserPrincipalName, ResultType`,
    rows: [[bg.upn, '0']],
  },
  {
    name: 'the product audit alert query (mv-expand, in~, dynamic paths, coalesce, extend)',
    query: [
      'AuditLogs',
      '| mv-expand Target = TargetResources',
      `| where tostring(Target.id) in~ ("${bg.id}", "policy-1") or OperationName in ("Delete conditional access policy")`,
      '| extend Actor = coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName))',
      '| project OperationName, Actor, TargetId = tostring(Target.id), TargetName = tostring(Target.displayName)',
    ].join('\n'),
    rows: [
      ['Update conditional access policy', 'admin@contoso.com', 'policy-1', 'Require MFA'],
      ['Add member to group', 'breakglass', bg.id.toUpperCase(), 'Break Glass 1'],
    ],
  },
  {
    name: '== is case-sensitive',
    query: `SigninLogs | where UserPrincipalName == "breakglass1@contoso.com" | count`,
    rows: [[0]],
  },
  {
    name: '!= and !~',
    query: `SigninLogs | where ResultType != "0" and AppDisplayName !~ "azure cli" | project UserId`,
    rows: [['u-alice']],
  },
  {
    name: '!in and in~',
    query: 'SigninLogs | where UserId !in ("u-bob") and UserId in~ ("U-ALICE") | project UserId',
    rows: [['u-alice']],
  },
  {
    name: 'has matches whole terms only',
    query: 'SigninLogs | where AppDisplayName has "azure" and AppDisplayName !has "zur" | count',
    rows: [[3]],
  },
  {
    name: 'contains, startswith, endswith',
    query:
      'SigninLogs | where UserPrincipalName contains "ALICE" or UserPrincipalName startswith "bob" or UserPrincipalName endswith ".org" | count',
    rows: [[2]],
  },
  { name: 'not()', query: 'SigninLogs | where not(ResultType == "0") | project UserId', rows: [['u-alice']] },
  {
    name: 'ago() and datetime comparison',
    query: 'SigninLogs | where TimeGenerated > ago(1d) | count',
    rows: [[2]],
  },
  {
    name: 'between with a timespan upper bound',
    query: 'SigninLogs | where TimeGenerated between (datetime(2026-03-01T09:30:00Z) .. 1h) | project UserId',
    rows: [['u-alice']],
  },
  {
    name: 'now() and timespan arithmetic',
    query:
      'SigninLogs | where TimeGenerated >= now() - 3h | extend Age = now() - TimeGenerated | project UserId, Age',
    rows: [
      [bg.id, '00:02:00'],
      ['u-alice', '02:00:00'],
    ],
  },
  {
    name: 'dynamic property access with a number',
    query: 'SigninLogs | where Status.errorCode == 50074 | project Reason = tostring(Status.failureReason)',
    rows: [['Strong Authentication is required.']],
  },
  {
    name: 'isempty / isnotempty',
    query: 'SigninLogs | where isnotempty(Status.failureReason) or isempty(UserPrincipalName) | count',
    rows: [[1]],
  },
  {
    name: 'summarize count() by, order by',
    query: 'SigninLogs | summarize count() by ResultType | order by count_ desc, ResultType asc',
    rows: [
      ['0', 2],
      ['50074', 1],
    ],
  },
  {
    name: 'summarize without by on no rows gives 0',
    query: 'SigninLogs | where UserId == "nobody" | summarize count()',
    rows: [[0]],
  },
  {
    name: 'take / limit after sort by',
    query: 'SigninLogs | sort by TimeGenerated asc | take 1 | project UserId',
    rows: [['u-bob']],
  },
  { name: 'limit', query: 'SigninLogs | limit 2 | count', rows: [[2]] },
  {
    name: 'dynamic values are rendered as JSON text',
    query: `SigninLogs | where UserId == "${bg.id}" | project Status`,
    rows: [['{"errorCode":0}']],
  },
  {
    name: 'mv-expand of an empty or missing array gives no row / one row',
    query:
      'AuditLogs | mv-expand P = TargetResources[0].modifiedProperties | project OperationName, tostring(P.displayName)',
    rows: [
      ['Update conditional access policy', 'state'],
      ['Add member to group', ''],
    ],
  },
];

describe('KQL interpreter', () => {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(rowsOf(c.query), c.rows));
  }

  it('reports the result schema with Kusto types', () => {
    const body = queryResponseBody(
      runKql('SigninLogs | summarize n = count(), s = make_set(Status) by TimeGenerated', source, { now }),
    );
    assert.deepEqual(body.tables[0]!.columns, [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'n', type: 'long' },
      { name: 's', type: 'dynamic' },
    ]);
    assert.equal(body.tables[0]!.rows.length, 3);
  });

  it('reads only the rows of the time range', () => {
    const result = runKql('SigninLogs | count', source, {
      now,
      timeRange: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-01T11:00:00Z') },
    });
    assert.deepEqual(result.rows, [{ Count: 1 }]);
  });
});

/** Each case: a query the service (or the interpreter) refuses, the error kind, and what the message names. */
const refusals: { name: string; query: string; kind: KqlError['kind']; message: RegExp }[] = [
  {
    name: 'the guide query with a typographic closing quote',
    query: `SigninLogs\n| project UserId\n| where UserId == "${bg.id}\u201C`,
    kind: 'syntax',
    message: /line 3.*Missing: "/,
  },
  {
    name: 'a column dropped by project',
    query: 'SigninLogs | project UserId | where UserPrincipalName == "x"',
    kind: 'semantic',
    message: /UserPrincipalName/,
  },
  { name: 'an unknown table', query: 'SignInLogs | take 1', kind: 'semantic', message: /SignInLogs/ },
  {
    name: 'join',
    query: 'SigninLogs | join (AuditLogs) on $left.Id == $right.Id',
    kind: 'unsupported',
    message: /'join' operator/,
  },
  { name: 'union', query: 'union SigninLogs, AuditLogs', kind: 'unsupported', message: /union|tabular/i },
  {
    name: 'let',
    query: 'let ids = dynamic(["a"]); SigninLogs | where UserId in (ids)',
    kind: 'unsupported',
    message: /'let' statement/,
  },
  {
    name: 'an unimplemented function',
    query: 'SigninLogs | extend h = hash_sha256(UserId)',
    kind: 'unsupported',
    message: /'hash_sha256\(\)'/,
  },
  {
    name: 'an unimplemented aggregate',
    query: 'SigninLogs | summarize percentile(DurationMs, 95)',
    kind: 'unsupported',
    message: /'percentile\(\)'/,
  },
  {
    name: 'operator parameters',
    query: 'SigninLogs | mv-expand kind=array Status',
    kind: 'unsupported',
    message: /Parameters of the 'mv-expand' operator/,
  },
  {
    name: 'an unimplemented operator, even on an empty table',
    query: 'AuditLogs | where OperationName == "none" | parse OperationName with a " " b',
    kind: 'unsupported',
    message: /'parse' operator/,
  },
];

describe('KQL refusals', () => {
  for (const r of refusals) {
    it(r.name, () => {
      assert.throws(
        () => runKql(r.query, source, { now }),
        (err: unknown) => err instanceof KqlError && err.kind === r.kind && r.message.test(err.message),
      );
    });
  }
});
