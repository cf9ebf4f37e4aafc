/**
 * Every real-world Conditional Access file in test/fixtures/ca-policies (public repositories, see
 * its SOURCES.md) is POSTed to the emulator over HTTPS, the way a tool importing it would:
 *
 * 1. as published, to beta (the version these exports and their deploy scripts use): accepted, or
 *    refused with the 400 Graph gives for it (placeholders that are not GUIDs → `1054: Invalid
 *    group value`, metadata copied from a GET, an array where Graph wants an object, a named
 *    location without its type);
 * 2. prepared as a careful importer would (placeholders mapped to real groups/locations,
 *    annotations and read-only properties dropped) to beta: every file is accepted except the two
 *    whose problem only a person can fix.
 *
 * The tenant holds every group, user and named location the files reference by GUID: it plays the
 * tenants the policies were exported from.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { startEmbeddedEmulator, type EmbeddedEmulator } from '../../src/clients/embedded-emulator.js';
import { packageRoot } from '../../src/paths.js';

type Json = Record<string, unknown>;

const corpusDir = join(packageRoot(), 'test', 'fixtures', 'ca-policies');
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const tenantId = 'c0a1b2c3-0000-4000-8000-00000000c0de';
const app = { clientId: 'c0a1b2c3-0000-4000-8000-0000000000a1', clientSecret: 'corpus-test-secret' };

/** Reads a corpus file as its publisher wrote it: UTF-16LE with a BOM, or UTF-8. */
function readCorpusFile(path: string): Json {
  const bytes = readFileSync(path);
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? bytes.subarray(2).toString('utf16le')
      : bytes.toString('utf8').replace(/^\uFEFF/, '');
  return JSON.parse(text) as Json;
}

interface CorpusFile {
  readonly source: string;
  readonly name: string;
  readonly json: Json;
  readonly kind: 'policy' | 'namedLocation';
}

const files: CorpusFile[] = readdirSync(corpusDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(corpusDir, d.name))
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const json = readCorpusFile(join(corpusDir, d.name, f));
        const isLocation = 'countriesAndRegions' in json || 'ipRanges' in json || 'locationType' in json;
        return { source: d.name, name: f, json, kind: isLocation ? 'namedLocation' : 'policy' } as const;
      }),
  );

const conditionsOf = (policy: Json) => (policy['conditions'] ?? {}) as Json;
const usersOf = (policy: Json) => (conditionsOf(policy)['users'] ?? {}) as Json;
const locationsOf = (policy: Json) => {
  const l = conditionsOf(policy)['locations'];
  return (l && typeof l === 'object' && !Array.isArray(l) ? l : {}) as Json;
};
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/** Every GUID the policies reference in a kind of field. */
function referenced(fields: (p: Json) => string[]): string[] {
  return [
    ...new Set(
      files
        .filter((f) => f.kind === 'policy')
        .flatMap((f) => fields(f.json))
        .filter((id) => guid.test(id)),
    ),
  ];
}
const groupIds = referenced((p) => [
  ...list(usersOf(p)['includeGroups']),
  ...list(usersOf(p)['excludeGroups']),
]);
const userIds = referenced((p) => [...list(usersOf(p)['includeUsers']), ...list(usersOf(p)['excludeUsers'])]);
const locationIds = referenced((p) => [
  ...list(locationsOf(p)['includeLocations']),
  ...list(locationsOf(p)['excludeLocations']),
]);
const placeholderGroup = 'eeeeeeee-0000-4000-8000-00000000000e';
const placeholderLocation = 'eeeeeeee-0000-4000-8000-00000000001e';
const placeholderTerms = 'eeeeeeee-0000-4000-8000-00000000002e';

function tenantDocument(): Json {
  return {
    formatVersion: 1,
    capturedAt: '2026-01-01T00:00:00Z',
    cloud: 'global',
    graph: {
      organization: [
        {
          id: tenantId,
          displayName: 'Corpus tenant',
          verifiedDomains: [{ name: 'corpus.onmicrosoft.com', isInitial: true, isDefault: true }],
        },
      ],
      users: userIds.map((id, i) => ({
        id,
        userPrincipalName: `user${i}@corpus.onmicrosoft.com`,
        accountEnabled: true,
      })),
      groups: [...groupIds, placeholderGroup].map((id, i) => ({
        id,
        displayName: `group ${i}`,
        securityEnabled: true,
        members: [],
      })),
      namedLocations: [...locationIds, placeholderLocation].map((id, i) => ({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        id,
        displayName: `location ${i}`,
        countriesAndRegions: ['BE'],
        includeUnknownCountriesAndRegions: false,
      })),
      conditionalAccessPolicies: [],
      authenticationStrengthPolicies: [],
    },
    emulator: {
      tenantId,
      apps: [
        {
          displayName: 'corpus importer',
          ...app,
          graphRoles: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
          armRoles: [],
          default: true,
        },
      ],
    },
  };
}

interface Response {
  status: number;
  body: Json;
}

let emulator: EmbeddedEmulator;
let token = '';

function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      {
        method,
        ca: emulator.caPem,
        agent: false,
        headers: {
          ...(payload !== undefined && !headers['content-type']
            ? { 'content-type': 'application/json' }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Json) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

before(async () => {
  emulator = await startEmbeddedEmulator({ scenario: 'empty' });
  const loaded = await call('PUT', `/_emulator/tenants/${tenantId}`, tenantDocument());
  assert.ok(loaded.status === 200 || loaded.status === 201, JSON.stringify(loaded.body));
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const issued = await call('POST', `/${tenantId}/oauth2/v2.0/token`, form.toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  token = String(issued.body['access_token']);
});

after(() => emulator?.stop());

const pathFor = (file: CorpusFile, version: 'v1.0' | 'beta') =>
  `/graph/${version}/identity/conditionalAccess/${file.kind === 'policy' ? 'policies' : 'namedLocations'}`;

/** True when a GET response's action blocks (`"#microsoft.graph.restore": {…}`) were kept. */
function hasMetadataReference(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasMetadataReference);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k.startsWith('#') || hasMetadataReference(v));
}

/** What Graph answers for each file as published. `undefined` = accepted (201). */
function expectedAsPublished(file: CorpusFile): RegExp | undefined {
  if (hasMetadataReference(file.json))
    return /^A metadata reference property was found in a JSON Light request payload/;
  if (file.kind === 'namedLocation') return /abstract type 'microsoft\.graph\.namedLocation'/;
  if (Array.isArray(conditionsOf(file.json)['locations']))
    return /unexpected 'StartArray' node .* 'StartObject' node was expected/;
  const groups = [...list(usersOf(file.json)['includeGroups']), ...list(usersOf(file.json)['excludeGroups'])];
  const placeholder = groups.find((g) => !guid.test(g));
  if (placeholder)
    return new RegExp(
      `^1054: Invalid group value: ${placeholder.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')}\\.$`,
    );
  return undefined;
}

for (const file of files) {
  test(`as published: ${file.source}/${file.name}`, async () => {
    const res = await call('POST', pathFor(file, 'beta'), file.json);
    const expected = expectedAsPublished(file);
    if (!expected) {
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return;
    }
    assert.equal(
      res.status,
      400,
      `expected a 400 matching ${expected}, got ${res.status} ${JSON.stringify(res.body)}`,
    );
    const error = res.body['error'] as Json;
    assert.equal(error['code'], 'BadRequest');
    assert.match(String(error['message']), expected);
    assert.ok((error['innerError'] as Json)['request-id'], 'Graph errors carry the request id');
  });
}

const readOnly = new Set([
  'id',
  'createdDateTime',
  'modifiedDateTime',
  'deletedDateTime',
  'templateId',
  'partialEnablementStrategy',
]);

/** Drops annotations, metadata blocks and read-only properties (keeps `@odata.type`). */
function clean(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, false));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('#') || (k.includes('@') && k !== '@odata.type') || (top && readOnly.has(k))) continue;
    if (top && k === '@odata.type') continue;
    out[k] = clean(v, false);
  }
  return out;
}

/** The file as an importer sends it: placeholders mapped, a named location given its type. */
function prepared(file: CorpusFile): Json {
  const json = clean(file.json) as Json;
  if (file.kind === 'namedLocation') {
    const { locationType, note: _note, ...rest } = json;
    const type =
      typeof locationType === 'string'
        ? locationType
        : 'countriesAndRegions' in json
          ? 'countryNamedLocation'
          : 'ipNamedLocation';
    return { '@odata.type': `#microsoft.graph.${type}`, ...rest };
  }
  const users = usersOf(json);
  for (const key of ['includeGroups', 'excludeGroups'])
    if (Array.isArray(users[key]))
      users[key] = list(users[key]).map((g) => (guid.test(g) ? g : placeholderGroup));
  const grant = json['grantControls'] as Json | null | undefined;
  if (grant && Array.isArray(grant['termsOfUse']))
    grant['termsOfUse'] = list(grant['termsOfUse']).map((t) => (guid.test(t) ? t : placeholderTerms));
  const locations = locationsOf(json);
  for (const key of ['includeLocations', 'excludeLocations']) {
    if (Array.isArray(locations[key]))
      locations[key] = list(locations[key]).map((l) =>
        guid.test(l) || l === 'All' || l === 'AllTrusted' ? l : placeholderLocation,
      );
  }
  return json;
}

/**
 * What stays wrong after mapping placeholders: things only a person can decide (an array where
 * the policy's locations belong; `isTrusted` on a country location, which only IP locations have).
 */
function refusedWhenPrepared(file: CorpusFile): RegExp | undefined {
  if (Array.isArray(conditionsOf(file.json)['locations'])) return /'StartObject' node was expected/;
  if (file.json['locationType'] === 'countryNamedLocation' && 'isTrusted' in file.json)
    return /The property 'isTrusted' does not exist on type 'microsoft\.graph\.countryNamedLocation'/;
  return undefined;
}

for (const file of files) {
  const refusal = refusedWhenPrepared(file);
  test(`prepared for import (beta): ${file.source}/${file.name} → ${refusal ? '400' : '201'}`, async () => {
    const res = await call('POST', pathFor(file, 'beta'), prepared(file));
    assert.equal(res.status, refusal ? 400 : 201, JSON.stringify(res.body));
    if (refusal) assert.match(String((res.body['error'] as Json)['message']), refusal);
    if (res.status === 201) {
      const read = await call('GET', `${pathFor(file, 'beta')}/${String(res.body['id'])}`);
      assert.equal(read.status, 200);
      assert.equal(read.body['displayName'], file.json['displayName']);
    }
  });
}

test('the corpus is all there (41 files, UTF-16 ones decoded)', () => {
  assert.equal(files.length, 41);
  assert.equal(files.filter((f) => f.kind === 'namedLocation').length, 2);
  assert.ok(
    files
      .filter((f) => f.source === 'j0eyv__ConditionalAccessBaseline')
      .every((f) => typeof f.json['displayName'] === 'string'),
  );
});
