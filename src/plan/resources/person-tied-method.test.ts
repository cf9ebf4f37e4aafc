import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../plan.js';
import { renderPlan } from '../render.js';
import { configSchema } from '../../config/schema.js';
import type { Snapshot } from '../../snapshot/schema.js';
import type { Change } from '../types.js';
import { healthyTenant, ids } from '../../../test/fixtures/tenant.js';

const now = new Date('2026-11-27T12:00:00Z');
type Method = NonNullable<Snapshot['graph']['authenticationMethods']>[string][number];

const m = (type: string, id: string, extra: Record<string, unknown> = {}): Method & { id: string } => ({
  '@odata.type': `#microsoft.graph.${type}`,
  id,
  ...extra,
});
const methods = {
  password: m('passwordAuthenticationMethod', '28c10230-6103-485e-b985-444c60001490'),
  fido2: m('fido2AuthenticationMethod', 'key-1', { displayName: 'YubiKey 5' }),
  windowsHello: m('windowsHelloForBusinessAuthenticationMethod', 'whfb-1', { displayName: 'Laptop' }),
  email: m('emailAuthenticationMethod', '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', {
    emailAddress: 'it-emergency@contoso.com',
  }),
  tap: m('temporaryAccessPassAuthenticationMethod', 'tap-1', { isUsable: true }),
  hardwareOath: m('hardwareOathAuthenticationMethod', 'hw-1'),
  mobile: m('phoneAuthenticationMethod', '3179e48a-750b-4051-897c-87b9720928f7', {
    phoneType: 'mobile',
    phoneNumber: '+31 6 5555 0142',
  }),
  alternateMobile: m('phoneAuthenticationMethod', 'b6332ec1-7057-4abe-9331-3d72feddfe41', {
    phoneType: 'alternateMobile',
    phoneNumber: '+31 6 5555 0143',
  }),
  authenticator: m('microsoftAuthenticatorAuthenticationMethod', 'auth-1', { displayName: "Lee's iPhone" }),
  softwareOath: m('softwareOathAuthenticationMethod', 'oath-1'),
};
/** Every kind of method that is not tied to one person: none of them may ever be deleted. */
const notPersonTied = [
  methods.password,
  methods.fido2,
  methods.windowsHello,
  methods.email,
  methods.tap,
  methods.hardwareOath,
];

const EA1 = 'EmergencyAccount_1';
const EA2 = 'EmergencyAccount_2';
const del = (account: string, collection: string, id: string) =>
  `delete person-tied-method[${account}:${collection}:${id}]`;

interface Case {
  name: string;
  personTied?: 'keep' | 'remove';
  email?: string;
  mutate?: (s: Snapshot) => void;
  /** The person-tied-method changes, as `action address`, in plan order. */
  expected: string[];
  /** Reasons of changes, by address. */
  reasons?: [address: string, reason: RegExp][];
  /** dependsOn of changes, by address. */
  dependsOn?: [address: string, dependsOn: string[]][];
}

const setMethods = (s: Snapshot, userId: string, list: Method[]) =>
  void (s.graph.authenticationMethods![userId] = list);

const cases: Case[] = [
  {
    name: 'keep (the default) plans nothing, even for an account full of person-tied methods',
    mutate: (s) => setMethods(s, ids.account1, [methods.fido2, methods.authenticator, methods.mobile]),
    expected: [],
  },
  {
    name: 'remove, and no account has such a method: one no-op per account',
    personTied: 'remove',
    expected: [`no-op person-tied-method[${EA1}]`, `no-op person-tied-method[${EA2}]`],
  },
  {
    name: 'remove, on an account with a FIDO2 key: every person-tied method goes, and nothing else',
    personTied: 'remove',
    mutate: (s) =>
      setMethods(s, ids.account1, [
        ...notPersonTied,
        methods.mobile,
        methods.authenticator,
        methods.alternateMobile,
        methods.softwareOath,
      ]),
    expected: [
      del(EA1, 'microsoftAuthenticatorMethods', 'auth-1'),
      del(EA1, 'softwareOathMethods', 'oath-1'),
      // Graph keeps no alternate mobile number without a mobile one: the alternate goes first.
      del(EA1, 'phoneMethods', methods.alternateMobile.id),
      del(EA1, 'phoneMethods', methods.mobile.id),
      `no-op person-tied-method[${EA2}]`,
    ],
    dependsOn: [
      [
        `person-tied-method[${EA1}:phoneMethods:${methods.mobile.id}]`,
        [`person-tied-method[${EA1}:phoneMethods:${methods.alternateMobile.id}]`],
      ],
      [`person-tied-method[${EA1}:microsoftAuthenticatorMethods:auth-1]`, []],
    ],
    reasons: [[`person-tied-method[${EA1}:softwareOathMethods:oath-1]`, /tied to one person.*FIDO2 key/]],
  },
  {
    name: 'remove, on an account without a FIDO2 key: no deletion, a manual change that says why',
    personTied: 'remove',
    mutate: (s) => setMethods(s, ids.account2, [methods.password, methods.authenticator, methods.mobile]),
    expected: [`no-op person-tied-method[${EA1}]`, `manual person-tied-method[${EA2}]`],
    reasons: [
      [
        `person-tied-method[${EA2}]`,
        /EmergencyAccount_2@contoso\.onmicrosoft\.com keeps its 2 methods tied to one person \(microsoftAuthenticatorAuthenticationMethod, phoneAuthenticationMethod\): it has no FIDO2 key registered/,
      ],
    ],
  },
  {
    name: 'remove: another phishing-resistant method is not enough — only a FIDO2 key unblocks it',
    personTied: 'remove',
    mutate: (s) => setMethods(s, ids.account2, [methods.windowsHello, methods.softwareOath]),
    expected: [`no-op person-tied-method[${EA1}]`, `manual person-tied-method[${EA2}]`],
    reasons: [[`person-tied-method[${EA2}]`, /keeps its method tied to one person \(softwareOath/]],
  },
  {
    name: 'remove: the deletes wait for the same account’s email method',
    personTied: 'remove',
    email: 'it-emergency@contoso.com',
    mutate: (s) => setMethods(s, ids.account1, [methods.fido2, methods.authenticator]),
    expected: [del(EA1, 'microsoftAuthenticatorMethods', 'auth-1'), `no-op person-tied-method[${EA2}]`],
    dependsOn: [
      [`person-tied-method[${EA1}:microsoftAuthenticatorMethods:auth-1]`, [`email-method[${EA1}]`]],
    ],
  },
  {
    name: 'remove, with methods that could not be read: nothing removed, and the plan says so',
    personTied: 'remove',
    mutate: (s) => void delete s.graph.authenticationMethods![ids.account2],
    expected: [`no-op person-tied-method[${EA1}]`, `manual person-tied-method[${EA2}]`],
    reasons: [
      [`person-tied-method[${EA2}]`, /could not be read \(needs UserAuthenticationMethod\.Read\.All\)/],
    ],
  },
  {
    name: 'remove, with an account still to be created: nothing for it',
    personTied: 'remove',
    mutate: (s) => {
      s.graph.users!.splice(1, 1);
      s.graph.groups![0]!.members = [ids.account1];
    },
    expected: [`no-op person-tied-method[${EA1}]`],
  },
];

const personTiedChanges = (changes: Change[]) => changes.filter((c) => c.kind === 'person-tied-method');

for (const c of cases) {
  test(c.name, () => {
    const snapshot = healthyTenant();
    c.mutate?.(snapshot);
    const config = configSchema.parse({
      accounts: { usageLocation: 'NL' },
      monitoring: { actionGroup: { emails: ['soc@contoso.com'] } },
      methods: {
        ...(c.personTied ? { personTied: c.personTied } : {}),
        ...(c.email ? { email: c.email } : {}),
      },
    });
    const plan = buildPlan(snapshot, config, { now });
    const changes = personTiedChanges(plan.changes);
    assert.deepEqual(
      changes.map((x) => `${x.action} ${x.address}`),
      c.expected,
    );
    for (const [address, reason] of c.reasons ?? [])
      assert.match(changes.find((x) => x.address === address)?.reason ?? '(none)', reason, address);
    for (const [address, dependsOn] of c.dependsOn ?? [])
      assert.deepEqual(changes.find((x) => x.address === address)?.dependsOn, dependsOn, address);
    // Only person-tied kinds are ever deleted, and only from the collection of their own kind.
    for (const change of changes.filter((x) => x.action === 'delete')) {
      const before = change.before as { type: string; id: string };
      assert.ok(
        !notPersonTied.some((n) => n.id === before.id),
        `${change.address} deletes a method that is not tied to one person`,
      );
      assert.equal(change.spec.methodId, before.id);
    }
  });
}

test('the rendered plan shows each removal and, for a blocked account, the reason', () => {
  const snapshot = healthyTenant();
  setMethods(snapshot, ids.account1, [methods.fido2, methods.mobile]);
  setMethods(snapshot, ids.account2, [methods.password, methods.authenticator]);
  const config = configSchema.parse({
    accounts: { usageLocation: 'NL' },
    monitoring: { actionGroup: { emails: ['soc@contoso.com'] } },
    methods: { personTied: 'remove' },
  });
  const text = renderPlan(buildPlan(snapshot, config, { now }));
  assert.match(
    text,
    /- person-tied-method\[EmergencyAccount_1:phoneMethods:3179e48a-750b-4051-897c-87b9720928f7\] will be removed\n {4}# phoneAuthenticationMethod is tied to one person[^\n]*\n(?: {4}- [^\n]+\n)* {4}- phoneNumber = "\+31 6 5555 0142"/,
  );
  assert.match(
    text,
    /! person-tied-method\[EmergencyAccount_2\] needs a manual fix\n {4}# [^\n]*no FIDO2 key/,
  );
  assert.match(text, /Plan: \d+ to create, \d+ to update, 1 to remove, 1 manual/);
});
