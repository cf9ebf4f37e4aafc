import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditAlertQuery, signInAlertQuery, type AlertAccount } from './queries.js';
import { parseKql } from './parse.js';
import { rowFilter } from './rowFilter.js';
import { AUDIT_LOGS, SIGNIN_LOGS } from './schemas.js';

const normal: AlertAccount[] = [
  {
    id: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
  },
  {
    id: '11BB11BB-CC22-DD33-EE44-55FF55FF55FF',
    userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
  },
];
const hostile: AlertAccount[] = [
  { id: '22cc22cc-dd33-ee44-ff55-66aa66aa66aa', userPrincipalName: 'o"brien\\x@contoso.onmicrosoft.com' },
  { id: '33dd33dd-ee44-ff55-aa66-77bb77bb77bb', userPrincipalName: '" or UserId != "' },
];

for (const [name, accounts] of [
  ['ordinary accounts', normal],
  ['UPNs with quotes and backslashes', hostile],
] as const) {
  test(`signInAlertQuery parses clean and selects exactly the accounts (${name})`, () => {
    const query = signInAlertQuery(accounts);
    assert.match(query.split('\n')[0]!, /^SigninLogs \| where UserId in \(.*\) or UserPrincipalName =~ /);
    const parsed = parseKql(query, [SIGNIN_LOGS]);
    assert.deepEqual(parsed.diagnostics, []);
    for (const account of accounts) {
      const row = { UserId: account.id.toLowerCase(), UserPrincipalName: account.userPrincipalName };
      assert.equal(rowFilter(parsed, row, { caseInsensitiveColumns: ['UserPrincipalName'] }).selects, true);
    }
    const stranger = {
      UserId: '44ee44ee-ff55-aa66-bb77-88cc88cc88cc',
      UserPrincipalName: 'someone@contoso.com',
    };
    assert.equal(rowFilter(parsed, stranger).selects, false);
  });

  test(`auditAlertQuery parses clean (${name})`, () => {
    const query = auditAlertQuery({
      accounts,
      groupId: '55ff55ff-aa66-bb77-cc88-99dd99dd99dd',
      policyId: 'p"1',
    });
    assert.deepEqual(parseKql(query, [AUDIT_LOGS]).diagnostics, []);
    assert.match(query, /Update conditional access policy/);
  });
}

test('the sign-in query names every UPN literally on the where line', () => {
  const line = signInAlertQuery(normal).split('\n')[0]!;
  for (const account of normal) assert.ok(line.includes(`"${account.userPrincipalName}"`));
});

test('builders refuse an empty account list', () => {
  assert.throws(() => signInAlertQuery([]));
  assert.throws(() => auditAlertQuery({ accounts: [] }));
});
