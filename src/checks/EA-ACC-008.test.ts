import { test } from 'node:test';
import { check } from './EA-ACC-008.js';
import { ACCOUNT_1, ACCOUNT_2, assertCase, type CheckCase } from './lib/fixture.js';

const cases: CheckCase[] = [
  { name: 'two keys each', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'one key only',
    change: (s) => void s.graph.authenticationMethods![ACCOUNT_1]!.pop(),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'a key and Windows Hello count as two',
    change: (s) =>
      void (s.graph.authenticationMethods![ACCOUNT_2]![2] = {
        '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
        id: 'whfb',
      }),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'a key plus Authenticator is still one',
    change: (s) =>
      void (s.graph.authenticationMethods![ACCOUNT_2]![2] = {
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
        id: 'app',
      }),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
];

for (const c of cases) test(`EA-ACC-008: ${c.name}`, () => void assertCase(check, c));
