/**
 * The location condition (ca-semantics.md §1.4): `All` matches every address, `AllTrusted` the
 * named IP locations marked trusted, a country location the IP's country (or, when the IP maps to
 * no country, its `includeUnknownCountriesAndRegions` flag). Exclude wins.
 */
import type { DirectoryIndex, NamedLocation } from './directory.js';
import { list, object } from './policy-shape.js';
import type { SignInScenario } from './scenario.js';

/** An IPv4 or IPv6 address as a number and its width, or undefined when it does not parse. */
function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (text.includes('.') && !text.includes(':')) {
    const parts = text.split('.');
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const p of parts) {
      if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
      value = (value << 8n) | BigInt(p);
    }
    return { value, bits: 32 };
  }
  if (!text.includes(':')) return undefined;
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIp(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tailV4 = v4.value;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return { value, bits: 128 };
}

/** Whether `ip` lies in `cidr` (e.g. `203.0.113.0/24`, `2001:db8::/32`). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const address = parseIp(ip);
  const network = parseIp(base ?? '');
  if (!address || !network || address.bits !== network.bits) return false;
  const prefix = prefixText === undefined ? network.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits) return false;
  const shift = BigInt(network.bits - prefix);
  return address.value >> shift === network.value >> shift;
}

const typeOf = (l: NamedLocation): string => String(l['@odata.type']).toLowerCase();
const isIpLocation = (l: NamedLocation): boolean => typeOf(l).endsWith('ipnamedlocation');
const isCountryLocation = (l: NamedLocation): boolean => typeOf(l).endsWith('countrynamedlocation');

/** Whether the scenario's sign-in is inside a named location. */
export function inNamedLocation(location: NamedLocation, scenario: SignInScenario): boolean {
  if (isIpLocation(location)) {
    if (!scenario.ipAddress) return false;
    const ranges = Array.isArray(location.ipRanges) ? location.ipRanges : [];
    return ranges.some((r) => {
      const cidr = object(r)?.cidrAddress;
      return typeof cidr === 'string' && ipInCidr(scenario.ipAddress!, cidr);
    });
  }
  if (isCountryLocation(location)) {
    // GPS lookup needs Microsoft Authenticator; without a country either way we fall back to the
    // "unknown countries" flag, as the service does for an IP that maps to no country.
    if (!scenario.country) return location.includeUnknownCountriesAndRegions === true;
    return list(location.countriesAndRegions).some(
      (c) => c.toUpperCase() === scenario.country!.toUpperCase(),
    );
  }
  return false;
}

/** Whether the sign-in comes from a trusted location (a trusted IP named location that contains it). */
export function inTrustedLocation(index: DirectoryIndex, scenario: SignInScenario): boolean {
  return index.namedLocations.some(
    (l) => isIpLocation(l) && l.isTrusted === true && inNamedLocation(l, scenario),
  );
}

export interface ConditionResult {
  matches: boolean;
  /** Why it matches or not, for explanations. */
  text: string;
  notes: string[];
  /** False when the condition is not configured (it then matches and is not worth mentioning). */
  configured?: boolean;
}

function locationLabel(index: DirectoryIndex, id: string): string {
  const l = index.namedLocation(id);
  const name = l && typeof l.displayName === 'string' ? l.displayName : undefined;
  return name ? `"${name}"` : id;
}

/** Evaluate `conditions.locations` for the scenario. */
export function matchLocations(
  value: unknown,
  scenario: SignInScenario,
  index: DirectoryIndex,
): ConditionResult {
  const locations = object(value);
  const include = list(locations?.includeLocations);
  const exclude = list(locations?.excludeLocations);
  const notes: string[] = [];
  if (include.length === 0 && exclude.length === 0)
    return { matches: true, text: 'locations not configured', notes, configured: false };

  const trusted = inTrustedLocation(index, scenario);
  const test = (id: string, side: 'include' | 'exclude'): boolean => {
    const e = id.toLowerCase();
    if (e === 'all') return true;
    if (e === 'alltrusted') return trusted;
    const l = index.namedLocation(id);
    if (!l) {
      // Unknown never reads as safe: an unresolved include is assumed to contain the sign-in,
      // an unresolved exclude is assumed not to.
      notes.push(
        `named location ${id} does not resolve; assumed the sign-in is ${side === 'include' ? 'inside' : 'outside'} it`,
      );
      return side === 'include';
    }
    return inNamedLocation(l, scenario);
  };
  const included = include.length === 0 ? ['All'] : include.filter((id) => test(id, 'include'));
  if (included.length === 0) {
    return {
      matches: false,
      text: `the sign-in is in none of the included locations (${include.map((i) => locationLabel(index, i)).join(', ')})`,
      notes,
    };
  }
  const excluded = exclude.filter((id) => test(id, 'exclude'));
  if (excluded.length > 0) {
    return {
      matches: false,
      text: `the sign-in is in excluded location ${excluded.map((i) => locationLabel(index, i)).join(', ')}`,
      notes,
    };
  }
  const where = scenario.ipAddress ? `IP ${scenario.ipAddress}` : 'an IP in no named location';
  const country = scenario.country ?? 'unknown country';
  const outside =
    exclude.length > 0 ? ` and outside ${exclude.map((i) => locationLabel(index, i)).join(', ')}` : '';
  return {
    matches: true,
    text: `${where} (${country}) is inside ${included.map((i) => (i.toLowerCase() === 'all' ? 'All locations' : locationLabel(index, i))).join(', ')}${outside}`,
    notes,
  };
}
