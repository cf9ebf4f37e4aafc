import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inNamedLocation, inTrustedLocation, ipInRanges, parseCidr } from './locations.js';

const office = {
  '@odata.type': '#microsoft.graph.ipNamedLocation',
  id: 'office',
  isTrusted: true,
  ipRanges: [
    { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' },
    { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8:1::/48' },
  ],
};
const allowedCountries = {
  '@odata.type': '#microsoft.graph.countryNamedLocation',
  id: 'countries',
  countriesAndRegions: ['BE', 'LU', 'NL'],
  includeUnknownCountriesAndRegions: false,
};

const cases: Array<{
  name: string;
  location: Record<string, unknown>;
  facts: { ipAddress?: string; country?: string | null };
  expected: boolean | 'unknown';
}> = [
  { name: 'IPv4 inside the range', location: office, facts: { ipAddress: '198.51.100.42' }, expected: true },
  { name: 'IPv4 outside the range', location: office, facts: { ipAddress: '198.51.101.1' }, expected: false },
  {
    name: 'IPv6 inside the range',
    location: office,
    facts: { ipAddress: '2001:db8:1:ffff::1' },
    expected: true,
  },
  {
    name: 'IPv6 outside the range',
    location: office,
    facts: { ipAddress: '2001:db8:2::1' },
    expected: false,
  },
  { name: 'IP location without an IP', location: office, facts: {}, expected: 'unknown' },
  { name: 'listed country', location: allowedCountries, facts: { country: 'nl' }, expected: true },
  { name: 'unlisted country', location: allowedCountries, facts: { country: 'US' }, expected: false },
  {
    name: 'unknown country, unknown not included',
    location: allowedCountries,
    facts: { country: null },
    expected: false,
  },
  {
    name: 'unknown country, unknown included',
    location: { ...allowedCountries, includeUnknownCountriesAndRegions: true },
    facts: { country: null },
    expected: true,
  },
  {
    name: 'IP with no stated country maps to no country',
    location: allowedCountries,
    facts: { ipAddress: '203.0.113.7' },
    expected: false,
  },
  {
    name: 'country location without IP or country',
    location: allowedCountries,
    facts: {},
    expected: 'unknown',
  },
];

for (const { name, location, facts, expected } of cases) {
  test(`named location: ${name}`, () => assert.equal(inNamedLocation(location, facts), expected));
}

test('AllTrusted: only IP locations marked trusted count', () => {
  assert.equal(inTrustedLocation([office], { ipAddress: '198.51.100.1' }), true);
  assert.equal(inTrustedLocation([{ ...office, isTrusted: false }], { ipAddress: '198.51.100.1' }), false);
  assert.equal(inTrustedLocation([office], { ipAddress: '203.0.113.7' }), false);
  assert.equal(inTrustedLocation([], { ipAddress: '198.51.100.1' }), false);
});

test('CIDR parsing accepts v4/v6 blocks and refuses the rest', () => {
  assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('10.0.0.0'), undefined);
  assert.equal(parseCidr('not-an-ip/24'), undefined);
  assert.equal(parseCidr('2001:db8::/129'), undefined);
  assert.equal(ipInRanges('garbage', office.ipRanges), false);
});
