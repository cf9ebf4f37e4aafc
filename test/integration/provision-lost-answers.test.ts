/**
 * A create whose answer is lost after it took effect (a dropped connection) does not stop the
 * apply: the step runs again the way a resumed apply would — looking first for what the lost try
 * made — and the apply finishes in the same run, with nothing made twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApiError } from '../../src/clients/errors.js';
import type { BreakglassConfig } from '../../src/config/schema.js';
import { emulatorSkipReason } from '../helpers/emulator.js';
import {
  applyInProcess,
  defaultConfigFor,
  exportTenant,
  namesWithDuplicates,
  passesPerUser,
  planNow,
  startProvisioningSession,
  type ProvisioningSession,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();

/** The kind of object a POST creates, by its path (`/users`, `/groups`, `…/temporaryAccessPassMethods`). */
const createdKind = (path: string) => path.replace(/\/[0-9a-f-]{36}\//g, '/{id}/').split('?')[0]!;

describe('an apply whose creates lose their answers', { skip }, () => {
  let session: ProvisioningSession;
  let config: BreakglassConfig;

  before(async () => {
    session = await startProvisioningSession('empty', 'breakglass-lost-answers-');
    config = defaultConfigFor(session.tenantId, session.initialDomain);
  });
  after(() => session?.stop());

  test('finishes in one run and makes nothing twice', async () => {
    const { connection, store, work, t, tenantId } = session;
    const lost: string[] = [];
    const result = await applyInProcess({
      connection,
      config,
      plan: await planNow(connection, config),
      store,
      secretsOut: join(work.path, 'secrets'),
      // The first create of each kind reaches the tenant, and its answer is lost on the way back.
      wrap: (env) => ({
        ...env,
        graph: {
          ...env.graph,
          directoryObjectUrl: (id) => env.graph.directoryObjectUrl(id),
          get: (path) => env.graph.get(path),
          patch: (path, body) => env.graph.patch(path, body),
          delete: (path) => env.graph.delete(path),
          post: async (path, body, options) => {
            const out = await env.graph.post(path, body, options);
            const kind = createdKind(path);
            if (!options?.idempotent && !lost.includes(kind)) {
              lost.push(kind);
              throw new ApiError({
                source: 'graph',
                status: 0,
                code: 'ECONNRESET',
                method: 'POST',
                path,
              });
            }
            return out as never;
          },
        },
      }),
    });
    assert.equal(result.status, 'applied');
    assert.ok(lost.includes('/users'), `answers lost: ${lost.join(', ')}`);
    assert.ok(lost.includes('/groups'), `answers lost: ${lost.join(', ')}`);
    assert.ok(
      lost.some((kind) => kind.endsWith('/temporaryAccessPassMethods')),
      `answers lost: ${lost.join(', ')}`,
    );
    const tenant = await exportTenant(t.control, tenantId);
    assert.deepEqual(namesWithDuplicates(tenant), [], 'no object made twice');
    assert.deepEqual(
      [...passesPerUser(tenant)].filter(([, n]) => n > 1),
      [],
      'at most one Temporary Access Pass per account',
    );
    const users = (tenant.graph.users ?? []).filter((u) => /^emergencyaccount_/i.test(u.userPrincipalName));
    assert.equal(users.length, 2);
  });
});
