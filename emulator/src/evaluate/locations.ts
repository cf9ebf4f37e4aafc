/**
 * Named locations: does a sign-in from this IP / country fall inside one? IP ranges are CIDR
 * blocks (IPv4 or IPv6); country locations match the sign-in's country, or an IP that maps to no
 * country when `includeUnknownCountriesAndRegions` is set. `AllTrusted` = every IP location
 * marked `isTrusted`.
 */
import { BlockList, isIP } from 'node:net';
import type { GraphObject } from './types.js';

/** The sign-in's network facts; `country: null` = the IP maps to no country. */
export interface NetworkFacts {
  readonly ipAddress?: string;
  readonly country?: string | null;
}

/** Whether a location can be decided, and if so whether the sign-in is in it. */
export type LocationMatch = boolean | 'unknown';

const odataType = (loc: GraphObject) => String(loc['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');

/** Splits `a.b.c.d/n` into address and prefix, or undefined when it is not a CIDR block. */
export function parseCidr(
  cidr: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address, prefixText, extra] = cidr.trim().split('/');
  if (!address || prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText))
    return undefined;
  const version = isIP(address);
  const prefix = Number(prefixText);
  if (version === 4 && prefix <= 32) return { address, prefix, family: 'ipv4' };
  if (version === 6 && prefix <= 128) return { address, prefix, family: 'ipv6' };
  return undefined;
}

/** True when `ip` lies in one of an IP named location's ranges. */
export function ipInRanges(ip: string, ranges: readonly unknown[]): boolean {
  const version = isIP(ip);
  if (version === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const cidr =
      typeof range === 'object' && range !== null ? (range as GraphObject)['cidrAddress'] : undefined;
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/** Is the sign-in inside this named location? */
export function inNamedLocation(location: GraphObject, facts: NetworkFacts): LocationMatch {
  const type = odataType(location);
  if (type === 'ipNamedLocation') {
    if (facts.ipAddress === undefined) return 'unknown';
    return ipInRanges(facts.ipAddress, Array.isArray(location['ipRanges']) ? location['ipRanges'] : []);
  }
  if (type === 'countryNamedLocation') {
    // The emulator has no GeoIP database: an IP without a stated country maps to no country.
    const country =
      facts.country !== undefined ? facts.country : facts.ipAddress !== undefined ? null : undefined;
    if (country === undefined) return 'unknown';
    if (country === null) return location['includeUnknownCountriesAndRegions'] === true;
    const list = Array.isArray(location['countriesAndRegions'])
      ? location['countriesAndRegions'].map((c) => String(c).toUpperCase())
      : [];
    return list.includes(country.toUpperCase());
  }
  return false;
}

/** Is the sign-in in a trusted location (`AllTrusted`)? */
export function inTrustedLocation(locations: readonly GraphObject[], facts: NetworkFacts): LocationMatch {
  const trusted = locations.filter((l) => l['isTrusted'] === true && odataType(l) === 'ipNamedLocation');
  if (trusted.length === 0) return false;
  if (facts.ipAddress === undefined) return 'unknown';
  return trusted.some((l) => inNamedLocation(l, facts) === true);
}
