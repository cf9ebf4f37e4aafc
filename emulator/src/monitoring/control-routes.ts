/**
 * The monitoring part of the control plane (`/_emulator/…`, no auth, loopback only):
 *
 * - `POST /_emulator/signin` simulates a sign-in (see `sign-in.ts`);
 * - `GET|DELETE /_emulator/mailbox[?to=…]` reads or empties the mailbox action groups deliver to;
 * - `GET /_emulator/alerts` lists fired alerts of every tenant; `…/alerts/errors` the rules that
 *   could not run; `…/alerts/deliveries` every notification attempt;
 * - `GET|PUT /_emulator/monitoring` reads or sets `ingestionDelaySeconds`.
 */
import { EmulatorHttpError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import { alertResourceId, armAlert } from './alerts.js';
import { monitoringOf } from './engine.js';
import {
  findUser,
  outcomeSummary,
  readSignInRequest,
  SignInRequestError,
  simulateSignIn,
} from './sign-in.js';

const badRequest = (message: string) => new EmulatorHttpError(400, 'BadRequest', message, 'plain');

function tenantFor(ctx: RouteContext, tenantId: string | undefined): TenantStore {
  if (tenantId) {
    const tenant = ctx.emulator.findTenant(tenantId);
    if (!tenant)
      throw new EmulatorHttpError(404, 'TenantNotFound', `no tenant ${tenantId} in this emulator`, 'plain');
    return tenant;
  }
  const all = [...ctx.emulator.tenants.values()];
  if (all.length === 1 && all[0]) return all[0];
  throw badRequest(
    `name the tenant with "tenantId" (loaded: ${all.map((t) => t.tenantId).join(', ') || 'none'})`,
  );
}

/** Records the sign-in on the user as Graph's `signInActivity` reports it. */
function touchSignInActivity(tenant: TenantStore, user: JsonObject, record: JsonObject): void {
  const success = (record['status'] as JsonObject | undefined)?.['errorCode'] === 0;
  const previous = (user['signInActivity'] ?? {}) as JsonObject;
  tenant.users.put({
    ...user,
    signInActivity: {
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      ...previous,
      lastSignInDateTime: record['createdDateTime'],
      lastSignInRequestId: record['id'],
      ...(success
        ? {
            lastSuccessfulSignInDateTime: record['createdDateTime'],
            lastSuccessfulSignInRequestId: record['id'],
          }
        : {}),
    },
  });
}

function signIn(ctx: RouteContext): RouteResult {
  let request;
  try {
    request = readSignInRequest(ctx.body);
  } catch (err) {
    if (err instanceof SignInRequestError) throw badRequest(err.message);
    throw err;
  }
  const tenant = tenantFor(ctx, request.tenantId);
  const user = findUser(tenant, request.user);
  if (!user)
    throw new EmulatorHttpError(
      404,
      'UserNotFound',
      `no user '${request.user}' in tenant ${tenant.tenantId}`,
      'plain',
    );
  const simulated = simulateSignIn(tenant, user, request, ctx.emulator.clock.date(), () => tenant.newId());
  tenant.collection('signIns').put(simulated.record);
  touchSignInActivity(tenant, user, simulated.record);
  ctx.emulator.recordActivity({ tenant, kind: 'signIn', record: simulated.record });
  return {
    status: 201,
    body: {
      tenantId: tenant.tenantId,
      ...outcomeSummary(simulated),
      ingestion: monitoringOf(ctx.emulator).pendingFor(String(simulated.record['id'])),
      signIn: simulated.record,
    },
  };
}

async function mailbox(ctx: RouteContext): Promise<RouteResult> {
  const engine = monitoringOf(ctx.emulator);
  await engine.catchUp();
  return { body: { messages: engine.messagesTo(ctx.query.get('to')) } };
}

function emptyMailbox(ctx: RouteContext): RouteResult {
  monitoringOf(ctx.emulator).mailbox.length = 0;
  return { status: 204 };
}

async function alerts(ctx: RouteContext): Promise<RouteResult> {
  const engine = monitoringOf(ctx.emulator);
  await engine.catchUp();
  const value = [...engine.alerts.entries()].flatMap(([tenantId, list]) =>
    list.map((a) => ({ tenantId, alertId: alertResourceId(a), ...armAlert(a, false) })),
  );
  return { body: { value } };
}

function settings(ctx: RouteContext): RouteResult {
  return { body: { ingestionDelaySeconds: monitoringOf(ctx.emulator).settings.ingestionDelayMs / 1000 } };
}

function changeSettings(ctx: RouteContext): RouteResult {
  const delay = (ctx.body as { ingestionDelaySeconds?: unknown } | undefined)?.ingestionDelaySeconds;
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
    throw badRequest('body must be {"ingestionDelaySeconds": <number ≥ 0>}');
  }
  monitoringOf(ctx.emulator).settings.ingestionDelayMs = delay * 1000;
  return settings(ctx);
}

const routes: RouteDef[] = [
  { method: 'POST', surface: 'control', path: '/_emulator/signin', handler: signIn },
  { method: 'GET', surface: 'control', path: '/_emulator/mailbox', handler: mailbox },
  { method: 'DELETE', surface: 'control', path: '/_emulator/mailbox', handler: emptyMailbox },
  { method: 'GET', surface: 'control', path: '/_emulator/alerts', handler: alerts },
  {
    method: 'GET',
    surface: 'control',
    path: '/_emulator/alerts/errors',
    handler: async (ctx) => {
      const engine = monitoringOf(ctx.emulator);
      await engine.catchUp();
      return { body: { errors: engine.errors } };
    },
  },
  {
    method: 'GET',
    surface: 'control',
    path: '/_emulator/alerts/deliveries',
    handler: (ctx) => ({ body: { deliveries: monitoringOf(ctx.emulator).deliveries } }),
  },
  { method: 'GET', surface: 'control', path: '/_emulator/monitoring', handler: settings },
  { method: 'PUT', surface: 'control', path: '/_emulator/monitoring', handler: changeSettings },
];

/** Monitoring control routes. */
export const monitoringControlRoutes: RouteModule = { name: 'monitoring-control', routes };
