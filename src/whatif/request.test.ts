import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emergencyScenario, type SignInScenario } from '../lockout/index.js';
import type { NamedLocation } from '../lockout/directory.js';
import { addressOutsideNamedLocations, whatIfRequest } from './request.js';

const USER = 'b0000001-0000-4000-8000-000000000001';
const ipLocation = (id: string, ...cidrs: string[]): NamedLocation => ({
  '@odata.type': '#microsoft.graph.ipNamedLocation',
  id,
  isTrusted: true,
  ipRanges: cidrs.map((cidrAddress) => ({ cidrAddress })),
});

test('whatIfRequest: the emergency scenario as What If reads it', () => {
  assert.deepEqual(whatIfRequest(emergencyScenario(), USER, []), {
    signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: USER },
    signInContext: {
      '@odata.type': '#microsoft.graph.applicationContext',
      includeApplications: ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
    },
    signInConditions: {
      clientAppType: 'browser',
      devicePlatform: 'windows',
      ipAddress: '192.0.2.10',
      signInRiskLevel: 'none',
      userRiskLevel: 'none',
      insiderRiskLevel: 'none',
      authenticationFlow: { transferMethod: 'none' },
      deviceInfo: {},
    },
    appliedPoliciesOnly: false,
  });
});

const scenarioCases: {
  name: string;
  change: Partial<SignInScenario>;
  expect: Record<string, unknown>;
  absent?: string[];
}[] = [
  {
    name: 'a stated IP and country are sent as they are',
    change: { ipAddress: '40.77.182.32', country: 'NL' },
    expect: { ipAddress: '40.77.182.32', country: 'NL' },
  },
  {
    name: 'an unknown platform is left out',
    change: { platform: undefined },
    expect: {},
    absent: ['devicePlatform'],
  },
  {
    name: 'device-code flow',
    change: { authenticationFlow: 'deviceCodeFlow' },
    expect: { authenticationFlow: { transferMethod: 'deviceCodeFlow' } },
  },
  {
    name: 'risk levels',
    change: { signInRisk: 'high', userRisk: 'low', insiderRisk: 'elevated' },
    expect: { signInRiskLevel: 'high', userRiskLevel: 'low', insiderRiskLevel: 'elevated' },
  },
  {
    name: 'a registered, compliant device',
    change: {
      device: { registered: true, isCompliant: true, trustType: 'AzureAD', attributes: { model: 'Surface' } },
    },
    expect: { deviceInfo: { model: 'Surface', isCompliant: true, trustType: 'AzureAD' } },
  },
  {
    name: 'a mobile client app',
    change: { clientAppType: 'mobileAppsAndDesktopClients' },
    expect: { clientAppType: 'mobileAppsAndDesktopClients' },
  },
];

for (const c of scenarioCases) {
  test(`whatIfRequest: ${c.name}`, () => {
    const request = whatIfRequest({ ...emergencyScenario(), ...c.change }, USER, []);
    const conditions = request.signInConditions as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(c.expect)) assert.deepEqual(conditions[key], value, key);
    for (const key of c.absent ?? []) assert.equal(key in conditions, false, key);
    if (!('country' in c.expect)) assert.equal('country' in conditions, false, 'country is left to What If');
  });
}

test("whatIfRequest: the application is the scenario's", () => {
  const request = whatIfRequest(
    { ...emergencyScenario(), application: '797f4846-ba00-4fd7-ba43-dac1f8f63013' },
    USER,
    [],
  );
  assert.deepEqual(request.signInContext.includeApplications, ['797f4846-ba00-4fd7-ba43-dac1f8f63013']);
});

const addressCases: { name: string; locations: NamedLocation[]; expect: string | undefined }[] = [
  { name: 'no named locations', locations: [], expect: '192.0.2.10' },
  {
    name: 'the first address is in a trusted range',
    locations: [ipLocation('office', '192.0.2.0/28')],
    expect: '192.0.2.16',
  },
  {
    name: 'a whole documentation network is covered',
    locations: [ipLocation('office', '192.0.2.0/24')],
    expect: '198.51.100.10',
  },
  {
    name: 'a supernet covers every IPv4 documentation network',
    locations: [ipLocation('all-v4', '0.0.0.0/1'), ipLocation('upper', '128.0.0.0/1')],
    expect: '2001:db8::a',
  },
  {
    name: 'everything is covered',
    locations: [ipLocation('all-v4', '0.0.0.0/1', '128.0.0.0/1'), ipLocation('v6', '2001:db8::/32')],
    expect: undefined,
  },
  {
    name: 'country locations and malformed ranges are ignored',
    locations: [
      { '@odata.type': '#microsoft.graph.countryNamedLocation', id: 'c', countriesAndRegions: ['NL'] },
      { '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'bad', ipRanges: [null, { cidrAddress: 42 }] },
    ],
    expect: '192.0.2.10',
  },
];

for (const c of addressCases) {
  test(`addressOutsideNamedLocations: ${c.name}`, () => {
    assert.equal(addressOutsideNamedLocations(c.locations), c.expect);
  });
}

test("whatIfRequest: the address avoids the tenant's ranges", () => {
  const request = whatIfRequest(emergencyScenario(), USER, [ipLocation('office', '192.0.2.0/24')]);
  assert.equal(request.signInConditions.ipAddress, '198.51.100.10');
});
