/**
 * Deterministic identifiers for generated tenants. Every id is a pure function of the tenant's
 * key and a readable name (`user:EmergencyAccount_1`), so a scenario builds the same document on
 * every run and a test can know an object's id without building the tenant.
 */
/** Four 32-bit lanes of a fast, well-mixed string hash (cyrb128); not cryptographic, just spread. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const byteHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number) =>
  `${byteHex[n >>> 24]}${byteHex[(n >>> 16) & 255]}${byteHex[(n >>> 8) & 255]}${byteHex[n & 255]}`;

/**
 * A GUID that is a pure function of `name`, shaped like the version-4 GUIDs Graph hands out.
 * A fast hash rather than SHA-1 because the large scenario makes ~60,000 of them.
 */
export function nameGuid(name: string): string {
  const [a, b, c, d] = hash128(name);
  const s =
    hex8(a) +
    hex8(((b & 0xffff0fff) | 0x00004000) >>> 0) +
    hex8(((c & 0x3fffffff) | 0x80000000) >>> 0) +
    hex8(d);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** The 16 bytes of a GUID in .NET's mixed-endian order (what Entra encodes in composite ids). */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  // First three groups are little-endian in System.Guid's byte layout.
  return Buffer.concat([
    b.subarray(0, 4).reverse(),
    b.subarray(4, 6).reverse(),
    b.subarray(6, 8).reverse(),
    b.subarray(8),
  ]);
}

/**
 * The id Entra gives a unifiedRoleAssignment: base64url of the role definition's and the
 * principal's GUID bytes, then `-1` (e.g. `lAPpYvVpN0KRkAEhdxReEJC2sEqbR_9Hs…-1`).
 */
export function roleAssignmentId(roleDefinitionId: string, principalId: string): string {
  return `${Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString('base64url')}-1`;
}

/** The id space of one generated tenant: names in, stable GUIDs and ARM ids out. */
export class IdSpace {
  constructor(readonly key: string) {}

  /** A GUID for any name inside this tenant. */
  guid(name: string): string {
    return nameGuid(`${this.key}/${name}`);
  }

  /** The tenant (directory) id; also the organization's id. */
  get tenantId(): string {
    return this.guid('tenant');
  }
  /** A user's object id. */
  user(key: string): string {
    return this.guid(`user:${key}`);
  }
  /** A group's object id. */
  group(key: string): string {
    return this.guid(`group:${key}`);
  }
  /** A Conditional Access policy's id. */
  policy(key: string): string {
    return this.guid(`policy:${key}`);
  }
  /** A named location's id. */
  namedLocation(key: string): string {
    return this.guid(`location:${key}`);
  }
  /** A sign-in's id (the same in Graph and in `SigninLogs`). */
  signIn(key: string): string {
    return this.guid(`signin:${key}`);
  }
  /** An Azure subscription id. */
  subscription(key: string): string {
    return this.guid(`subscription:${key}`);
  }
  /** `/subscriptions/{id}/resourceGroups/{name}` */
  resourceGroup(subscriptionKey: string, name: string): string {
    return `/subscriptions/${this.subscription(subscriptionKey)}/resourceGroups/${name}`;
  }
  /** A resource id under a resource group: `{rg}/providers/{type}/{name}`. */
  resource(resourceGroupId: string, type: string, name: string): string {
    return `${resourceGroupId}/providers/${type}/${name}`;
  }
  /** The id of an Entra (tenant-level) diagnostic setting. */
  aadDiagnosticSetting(name: string): string {
    return `/providers/microsoft.aadiam/diagnosticSettings/${name}`;
  }
}
