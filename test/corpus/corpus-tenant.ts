/**
 * Tenants built from the real Conditional Access frameworks in test/fixtures/ca-policies/ (copied
 * byte for byte from ../shared/corpus/ca-policies, licences in its SOURCES.md).
 *
 * Each framework stands for its exclusion group by a placeholder (`<EmergencyAccessAccountsGroup>`,
 * `xxxxxxxx-…`) or by its own sample tenant's group id. A tenant is built either with those
 * replaced by our break-glass group id (`withExclusion`) or with them left out; every other
 * placeholder is left out. Groups a policy includes that the framework does not ship (pilot users,
 * internal staff, service accounts) are created holding one ordinary user, so that they resolve
 * and do not contain the emergency accounts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { decodeText } from '../../src/snapshot/decode-text.js';
import type { ConditionalAccessPolicy, Snapshot } from '../../src/snapshot/schema.js';

export const BG1 = 'b0000001-0000-4000-8000-00000000c001';
export const BG2 = 'b0000002-0000-4000-8000-00000000c002';
export const STAFF = 'a0000001-0000-4000-8000-00000000c003';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

export interface CorpusSource {
  /** Folder under test/fixtures/ca-policies/. */
  folder: string;
  /** The id of the framework's own exclusion group (or a placeholder) that stands for ours. */
  breakGlassGroupRef: string;
  /** Placeholder that stands for a named location in the framework → the location file's short name. */
  locationPlaceholders?: Record<string, string>;
}

/** The frameworks of test/fixtures/ca-policies/, each with how it names its exclusion group and locations. */
export const CORPUS_SOURCES = {
  alexFilipin: {
    folder: 'AlexFilipin__ConditionalAccess',
    breakGlassGroupRef: '<EmergencyAccessAccountsGroup>',
  },
  clutch2View: {
    folder: 'Clutch2View__nis2-conditional-access-policies',
    breakGlassGroupRef: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    locationPlaceholders: { 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx': 'NL003' },
  },
  azureSamples: {
    folder: 'Azure-Samples__azure-ad-conditional-access-apis',
    breakGlassGroupRef: 'f753047e-de31-4c74-a6fb-c38589047723',
  },
  j0eyv: {
    folder: 'j0eyv__ConditionalAccessBaseline',
    breakGlassGroupRef: '2802b872-ccfb-4b29-a9a9-459808dfb11b',
  },
} as const satisfies Record<string, CorpusSource>;

export interface CorpusOptions {
  /** Replace the framework's exclusion group by the break-glass group (true) or leave it out. */
  withExclusion: boolean;
  /** `asShipped` keeps each policy's state; `enabled` switches every policy on. */
  states: 'asShipped' | 'enabled';
  /** The accounts' registered methods. */
  methods: 'fido2' | 'passwordOnly';
}

const PLACEHOLDER = /^<.+>$|^x{8}-x{4}-x{4}-x{4}-x{12}$|^y{8}-y{4}-y{4}-y{4}-y{12}$/i;

/** A short, readable name for a corpus file: `100`, `CA004`, `NL003`, `require-mfa-admin-roles`. */
export function shortName(file: string): string {
  const stem = file.replace(/\.json$/, '');
  return /^(\d{3}) /.exec(stem)?.[1] ?? /^((?:CA|NL)\d{3})/.exec(stem)?.[1] ?? stem.replace(/^template-/, '');
}

/** Every JSON file of a framework, decoded (some are UTF-16LE with a BOM) and parsed. */
export function readCorpus(folder: string): { name: string; json: Record<string, unknown> }[] {
  const dir = join(packageRoot(), 'test', 'fixtures', 'ca-policies', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: shortName(f),
      json: JSON.parse(decodeText(readFileSync(join(dir, f))).text) as Record<string, unknown>,
    }));
}

const isLocation = (json: Record<string, unknown>): boolean =>
  'countriesAndRegions' in json || 'ipRanges' in json;

/** The tenant for one framework. Also returns policy id → short name, for readable assertions. */
export function corpusTenant(
  source: CorpusSource,
  options: CorpusOptions,
): { snapshot: Snapshot; names: Map<string, string> } {
  const files = readCorpus(source.folder);
  const bgGroup =
    source.breakGlassGroupRef.startsWith('<') || PLACEHOLDER.test(source.breakGlassGroupRef)
      ? 'c0000001-0000-4000-8000-00000000c0bb'
      : source.breakGlassGroupRef;
  const names = new Map<string, string>();

  const locations = files
    .filter((f) => isLocation(f.json))
    .map(({ name, json }) => {
      const type = String(
        json['@odata.type'] ?? `#microsoft.graph.${String(json.locationType ?? 'countryNamedLocation')}`,
      );
      return { ...json, '@odata.type': type, id: typeof json.id === 'string' ? json.id : name };
    });
  const locationIdOf = (name: string): string | undefined => locations.find((l) => l.id === name)?.id;

  // Replace or drop placeholders in the id lists that name groups and locations.
  const mapGroups = (ids: unknown): string[] =>
    (Array.isArray(ids) ? (ids as string[]) : []).flatMap((id) => {
      if (id.toLowerCase() === source.breakGlassGroupRef.toLowerCase())
        return options.withExclusion ? [bgGroup] : [];
      return PLACEHOLDER.test(id) ? [] : [id];
    });
  const mapLocations = (ids: unknown): string[] =>
    (Array.isArray(ids) ? (ids as string[]) : []).flatMap((id) => {
      const target = source.locationPlaceholders?.[id];
      if (target) return [locationIdOf(target) ?? target];
      return PLACEHOLDER.test(id) ? [] : [id];
    });

  const policies = files
    .filter((f) => !isLocation(f.json))
    .map(({ name, json }): ConditionalAccessPolicy => {
      const policy = structuredClone(json) as ConditionalAccessPolicy;
      if (typeof policy.id !== 'string') policy.id = name;
      names.set(policy.id, name);
      if (options.states === 'enabled') policy.state = 'enabled';
      const users = policy.conditions.users as Record<string, unknown> | null | undefined;
      if (users) {
        users.includeGroups = mapGroups(users.includeGroups);
        users.excludeGroups = mapGroups(users.excludeGroups);
      }
      const where = policy.conditions.locations as Record<string, unknown> | null | undefined;
      if (where && !Array.isArray(where)) {
        where.includeLocations = mapLocations(where.includeLocations);
        where.excludeLocations = mapLocations(where.excludeLocations);
      }
      return policy;
    });

  // Groups the policies include that the framework does not ship: one ordinary member each.
  const included = new Set(
    policies.flatMap((p) =>
      ((p.conditions.users?.includeGroups ?? []) as string[]).filter((g) => g !== bgGroup),
    ),
  );
  const fido2 = (n: number) => ({
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: `key-${n}`,
    aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
  });
  const password = {
    '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
    id: '28c10230-6103-485e-b985-444c60001490',
  };
  const methodsOf = (n: number) => (options.methods === 'fido2' ? [password, fido2(n)] : [password]);

  const snapshot: Snapshot = {
    formatVersion: 1,
    capturedAt: '2026-11-27T10:00:00Z',
    cloud: 'global',
    graph: {
      organization: [
        {
          id: '22222222-2222-4222-8222-222222222222',
          displayName: source.folder,
          verifiedDomains: [{ name: 'corpus.onmicrosoft.com', isInitial: true }],
        },
      ],
      users: [
        {
          id: BG1,
          userPrincipalName: 'EmergencyAccount_1@corpus.onmicrosoft.com',
          userType: 'Member',
          accountEnabled: true,
        },
        {
          id: BG2,
          userPrincipalName: 'EmergencyAccount_2@corpus.onmicrosoft.com',
          userType: 'Member',
          accountEnabled: true,
        },
        { id: STAFF, userPrincipalName: 'staff@corpus.example', userType: 'Member', accountEnabled: true },
      ],
      groups: [
        {
          id: bgGroup,
          displayName: 'CA-Persona-BreakGlassAccounts',
          isAssignableToRole: true,
          securityEnabled: true,
          members: [BG1, BG2],
        },
        ...[...included].map((id) => ({
          id,
          displayName: `Framework group ${id}`,
          securityEnabled: true,
          members: [STAFF],
        })),
      ],
      roleDefinitions: [{ id: GLOBAL_ADMIN, displayName: 'Global Administrator', templateId: GLOBAL_ADMIN }],
      roleAssignments: [BG1, BG2].map((id, i) => ({
        id: `ra-${i}`,
        roleDefinitionId: GLOBAL_ADMIN,
        principalId: id,
        directoryScopeId: '/',
      })),
      roleEligibilitySchedules: [],
      conditionalAccessPolicies: policies,
      namedLocations: locations as never,
      authenticationStrengthPolicies: [],
      authenticationMethods: { [BG1]: methodsOf(1), [BG2]: methodsOf(2) },
    },
  };
  return { snapshot, names };
}
