import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableModes, findStrength, satisfyingCombination } from './method-modes.js';

const method = (type: string, extra: Record<string, unknown> = {}) => ({
  '@odata.type': `#microsoft.graph.${type}`,
  id: type,
  ...extra,
});
const fido2Key = method('fido2AuthenticationMethod', { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' });
const customFido2Only = {
  id: 'c0ffee00-0000-0000-0000-000000000001',
  allowedCombinations: ['fido2'],
  combinationConfigurations: [
    {
      '@odata.type': '#microsoft.graph.fido2CombinationConfiguration',
      appliesToCombinations: ['fido2'],
      allowedAAGUIDs: ['ee882879-721c-4913-9775-3dfcce97072a'],
    },
  ],
};

const cases: Array<{
  name: string;
  methods: Record<string, unknown>[];
  strength: string;
  expected: string | undefined;
}> = [
  {
    name: 'password only fails MFA',
    methods: [],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: undefined,
  },
  {
    name: 'password + SMS passes MFA',
    methods: [method('phoneAuthenticationMethod', { phoneType: 'mobile' })],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: 'password,sms',
  },
  {
    name: 'office phone gives voice only',
    methods: [method('phoneAuthenticationMethod', { phoneType: 'office' })],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: 'password,voice',
  },
  {
    name: 'Authenticator push passes MFA',
    methods: [method('microsoftAuthenticatorAuthenticationMethod')],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: 'password,microsoftAuthenticatorPush',
  },
  {
    name: 'Authenticator push fails passwordless',
    methods: [method('microsoftAuthenticatorAuthenticationMethod')],
    strength: '00000000-0000-0000-0000-000000000003',
    expected: undefined,
  },
  {
    name: 'one-time TAP passes MFA',
    methods: [method('temporaryAccessPassAuthenticationMethod', { isUsableOnce: true })],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: 'temporaryAccessPassOneTime',
  },
  {
    name: 'expired TAP counts for nothing',
    methods: [method('temporaryAccessPassAuthenticationMethod', { isUsable: false })],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: undefined,
  },
  {
    name: 'TAP fails phishing-resistant',
    methods: [method('temporaryAccessPassAuthenticationMethod')],
    strength: '00000000-0000-0000-0000-000000000004',
    expected: undefined,
  },
  {
    name: 'FIDO2 passes phishing-resistant',
    methods: [fido2Key],
    strength: '00000000-0000-0000-0000-000000000004',
    expected: 'fido2',
  },
  {
    name: 'WHfB passes phishing-resistant',
    methods: [method('windowsHelloForBusinessAuthenticationMethod')],
    strength: '00000000-0000-0000-0000-000000000004',
    expected: 'windowsHelloForBusiness',
  },
  {
    name: 'email method is no factor',
    methods: [method('emailAuthenticationMethod')],
    strength: '00000000-0000-0000-0000-000000000002',
    expected: undefined,
  },
  {
    name: 'custom strength with another AAGUID refuses the key',
    methods: [fido2Key],
    strength: customFido2Only.id,
    expected: undefined,
  },
  {
    name: 'custom strength with the key AAGUID accepts it',
    methods: [{ ...fido2Key, aaGuid: 'EE882879-721C-4913-9775-3DFCCE97072A' }],
    strength: customFido2Only.id,
    expected: 'fido2',
  },
];

for (const { name, methods, strength, expected } of cases) {
  test(`strength: ${name}`, () => {
    const definition = findStrength(strength, [customFido2Only]);
    assert.ok(definition, 'strength exists');
    assert.equal(satisfyingCombination(definition, availableModes(methods)), expected);
  });
}

test('strength: unknown id is not found', () => {
  assert.equal(findStrength('00000000-0000-0000-0000-000000000099', []), undefined);
});
