import { test } from 'node:test';
import { check } from './EA-ACC-007.js';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  assertCase,
  deniedCollection,
  TENANT_ID,
  type CheckCase,
} from './lib/fixture.js';
import type { Snapshot } from '../snapshot/schema.js';

const only = (s: Snapshot, id: string, ...types: string[]) =>
  void (s.graph.authenticationMethods![id] = types.map((t, i) => ({
    '@odata.type': `#microsoft.graph.${t}`,
    id: `m${i}`,
  })));

const cases: CheckCase[] = [
  { name: 'FIDO2 keys', expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' } },
  {
    name: 'password only',
    change: (s) => only(s, ACCOUNT_1, 'passwordAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'Authenticator and phone are not phishing-resistant',
    change: (s) =>
      only(
        s,
        ACCOUNT_2,
        'microsoftAuthenticatorAuthenticationMethod',
        'phoneAuthenticationMethod',
        'temporaryAccessPassAuthenticationMethod',
      ),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'fail' },
  },
  {
    name: 'Windows Hello for Business',
    change: (s) => only(s, ACCOUNT_1, 'windowsHelloForBusinessAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'platform credential',
    change: (s) => only(s, ACCOUNT_1, 'platformCredentialAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'multifactor certificate',
    change: (s) => only(s, ACCOUNT_1, 'x509CertificateAuthenticationMethod'),
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'pass' },
  },
  {
    name: 'single-factor certificate',
    change: (s) =>
      void (s.graph.authenticationMethods![ACCOUNT_1] = [
        {
          '@odata.type': '#microsoft.graph.x509CertificateAuthenticationMethod',
          id: 'c',
          authenticationMode: 'x509CertificateSingleFactor',
        },
      ]),
    expect: { [ACCOUNT_1]: 'fail', [ACCOUNT_2]: 'pass' },
  },
  {
    name: "one account's methods not collected",
    change: (s) => void delete s.graph.authenticationMethods![ACCOUNT_2],
    expect: { [ACCOUNT_1]: 'pass', [ACCOUNT_2]: 'skip:not-collected' },
  },
  {
    name: 'methods not collected for lack of permission',
    change: (s) => void delete s.graph.authenticationMethods,
    options: deniedCollection('graph.authenticationMethods', 'UserAuthenticationMethod.Read.All is missing'),
    expect: { [TENANT_ID]: 'skip:missing-permission' },
  },
];

for (const c of cases) test(`EA-ACC-007: ${c.name}`, () => void assertCase(check, c));
