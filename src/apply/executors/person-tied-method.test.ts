import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removePersonTiedMethod } from './person-tied-method.js';
import type { ExecutionContext } from '../executor.js';
import type { ApplyEnvironment, GraphPort } from '../ports.js';
import type { Change } from '../../plan/types.js';
import { UsageError } from '../../errors.js';

const userId = 'b0000002-0000-4000-8000-000000000002';
const mobileId = '3179e48a-750b-4051-897c-87b9720928f7';
const fido2 = { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'key-1' };
const password = { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'pw' };
const mobile = { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: mobileId };

const change = (collection = 'phoneMethods', methodId = mobileId): Change => ({
  address: `person-tied-method[EmergencyAccount_2:${collection}:${methodId}]`,
  kind: 'person-tied-method',
  action: 'delete',
  reason: 'test',
  before: null,
  after: null,
  dependsOn: [],
  spec: { userId, userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com', collection, methodId },
});

/** An API error as the product's Graph client throws it (status, code, request id kept). */
const apiError = (status: number, code: string, serviceMessage: string) =>
  Object.assign(new Error(`Microsoft Graph: ${serviceMessage}`), {
    name: 'ApiError',
    status,
    code,
    serviceMessage,
    requestId: 'req-42',
  });

/** A Graph port over one account's methods; `onDelete` decides what the DELETE answers. */
function fakeGraph(methods: object[], onDelete: (path: string) => void = () => {}) {
  const calls: string[] = [];
  const graph: GraphPort = {
    get: async <T>(path: string) => {
      calls.push(`GET ${path}`);
      return { value: methods } as T;
    },
    post: () => Promise.reject(new Error('no POST expected')),
    patch: () => Promise.reject(new Error('no PATCH expected')),
    directoryObjectUrl: (id) => id,
    delete: async (path) => {
      calls.push(`DELETE ${path}`);
      onDelete(path);
    },
  };
  const context: ExecutionContext = {
    env: { graph, log: () => {}, now: () => new Date() } as unknown as ApplyEnvironment,
    resolve: <T>(value: unknown) => value as T,
    createdIds: new Set(),
    attempted: new Set(),
  };
  return { context, calls };
}

const methodsPath = `GET /users/${userId}/authentication/methods`;
const deletePath = (collection: string, id: string) =>
  `DELETE /users/${userId}/authentication/${collection}/${id}`;

interface Case {
  name: string;
  methods: object[];
  change?: Change;
  onDelete?: (path: string) => void;
  /** The output, or the error the step must fail with. */
  expected: { output: Record<string, unknown> } | { error: RegExp; usage: boolean };
  calls: string[];
}

const cases: Case[] = [
  {
    name: 'with a FIDO2 key still there, the method is deleted',
    methods: [password, fido2, mobile],
    expected: { output: { userId, methodId: mobileId, alreadyGone: false } },
    calls: [methodsPath, deletePath('phoneMethods', mobileId)],
  },
  {
    name: 'a method already gone (404) counts as removed: a resumed apply finishes',
    methods: [password, fido2],
    onDelete: () => {
      throw apiError(404, 'itemNotFound', 'The requested authentication method was not found.');
    },
    expected: { output: { userId, methodId: mobileId, alreadyGone: true } },
    calls: [methodsPath, deletePath('phoneMethods', mobileId)],
  },
  {
    name: 'the FIDO2 key was deleted since the plan: refused, and nothing is deleted',
    methods: [password, mobile],
    expected: {
      error: /refused to remove phoneMethods\/.*no longer has a FIDO2 key.*nothing was removed/,
      usage: true,
    },
    calls: [methodsPath],
  },
  {
    name: "Graph's refusal to delete the default method becomes the fix, keeping status, code and request id",
    methods: [fido2, mobile],
    onDelete: () => {
      throw apiError(
        400,
        'badRequest',
        `The requested authentication method id of [${mobileId}] matches the user's current default authentication method, and cannot be deleted until the default authentication method is changed`,
      );
    },
    expected: {
      error: /default sign-in method \(400 badRequest, request id req-42\): change its default/,
      usage: true,
    },
    calls: [methodsPath, deletePath('phoneMethods', mobileId)],
  },
  {
    name: 'any other failure is the API error itself',
    methods: [fido2, mobile],
    onDelete: () => {
      throw apiError(503, 'serviceUnavailable', 'try later');
    },
    expected: { error: /try later/, usage: false },
    calls: [methodsPath, deletePath('phoneMethods', mobileId)],
  },
  {
    name: 'a plan edited to delete a FIDO2 key through this executor is refused before any call',
    methods: [fido2],
    change: change('fido2Methods', 'key-1'),
    expected: { error: /fido2Methods is not a collection of methods tied to one person/, usage: true },
    calls: [],
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const { context, calls } = fakeGraph(c.methods, c.onDelete);
    const run = removePersonTiedMethod(c.change ?? change(), context);
    if ('output' in c.expected) {
      assert.deepEqual(await run, c.expected.output);
    } else {
      const { error: pattern, usage } = c.expected;
      await assert.rejects(run, (error: Error) => {
        assert.match(error.message, pattern);
        assert.equal(error instanceof UsageError, usage);
        return true;
      });
    }
    assert.deepEqual(calls, c.calls);
  });
}

test('each person-tied collection is deleted at its own Graph path', async () => {
  for (const [collection, id] of [
    ['phoneMethods', mobileId],
    ['microsoftAuthenticatorMethods', 'auth-1'],
    ['softwareOathMethods', 'oath-1'],
  ] as const) {
    const { context, calls } = fakeGraph([fido2]);
    await removePersonTiedMethod(change(collection, id), context);
    assert.equal(calls.at(-1), deletePath(collection, id));
  }
});
