/**
 * The control plane (`/_emulator/…`): what a test or the product's launcher uses to discover,
 * seed, inspect and steer the emulator. No authentication; the server listens on loopback only.
 */
import { EmulatorHttpError } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import { isGuid } from '../state.js';
import { TenantFileError } from '../tenant/parse.js';
import type { TenantStore } from '../tenant/store.js';
import { FaultSpecError } from '../faults/spec.js';
import { enrolFido2Key } from './fido2-enrolment.js';

function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'BadRequest', message, 'plain');
}

function tenantSummary(ctx: RouteContext, tenant: TenantStore) {
  const admin = ctx.emulator.adminApp(tenant);
  return {
    tenantId: tenant.tenantId,
    ...tenant.describe(),
    adminApp: admin ? { clientId: admin.clientId, clientSecret: admin.clientSecret ?? null } : null,
  };
}

function pickTenant(ctx: RouteContext): TenantStore {
  const id = ctx.query.get('tenant');
  if (id) {
    const t = ctx.emulator.findTenant(id);
    if (!t) throw new EmulatorHttpError(404, 'TenantNotFound', `no tenant ${id} in this emulator`, 'plain');
    return t;
  }
  const all = [...ctx.emulator.tenants.values()];
  if (all.length === 1 && all[0]) return all[0];
  throw badRequest(
    `name the tenant with ?tenant=ID (loaded: ${all.map((t) => t.tenantId).join(', ') || 'none'})`,
  );
}

/**
 * The tenants `/_emulator/info` lists: all of them, or with `?tenant=ID` only that one (none when
 * it is not loaded) — a client connecting to one tenant of a fleet need not download a thousand.
 */
function infoTenants(ctx: RouteContext): TenantStore[] {
  const id = ctx.query.get('tenant');
  if (id === null) return [...ctx.emulator.tenants.values()];
  const tenant = ctx.emulator.findTenant(id);
  return tenant ? [tenant] : [];
}

function clockBody(ctx: RouteContext) {
  return { now: ctx.emulator.clock.date().toISOString(), offsetSeconds: ctx.emulator.clock.offset / 1000 };
}

/** Control-plane routes. */
export const controlRoutes: RouteModule = {
  name: 'control',
  routes: [
    {
      method: 'GET',
      surface: 'control',
      path: '/_emulator/info',
      handler: (ctx) => ({
        body: {
          caCertificate: ctx.emulator.pki.caCertPem,
          caFile: ctx.emulator.pki.caFile,
          endpoints: {
            authorityHost: ctx.baseUrl,
            graph: `${ctx.baseUrl}/graph`,
            arm: `${ctx.baseUrl}/arm`,
            logAnalytics: `${ctx.baseUrl}/loganalytics`,
          },
          tenants: infoTenants(ctx).map((t) => tenantSummary(ctx, t)),
        },
      }),
    },
    {
      method: 'GET',
      surface: 'control',
      path: '/_emulator/snapshot',
      handler: (ctx) => {
        const tenant = pickTenant(ctx);
        const flag = ctx.query.get('emulator');
        return {
          body: tenant.export(flag === null ? {} : { includeEmulatorKey: flag === 'true' || flag === '1' }),
        };
      },
    },
    {
      method: 'PUT',
      surface: 'control',
      path: '/_emulator/tenants/:id',
      handler: (ctx) => {
        if (!isGuid(ctx.params.id ?? '')) throw badRequest(`tenant id must be a GUID: ${ctx.params.id}`);
        if (ctx.body === undefined) throw badRequest('send the tenant document as the JSON body');
        const existed = ctx.emulator.tenants.has((ctx.params.id ?? '').toLowerCase());
        try {
          const tenant = ctx.emulator.loadTenant(ctx.body, ctx.params.id, 'tenant document');
          return { status: existed ? 200 : 201, body: tenantSummary(ctx, tenant) };
        } catch (err) {
          if (err instanceof TenantFileError) throw badRequest(err.message);
          throw err;
        }
      },
    },
    {
      method: 'DELETE',
      surface: 'control',
      path: '/_emulator/tenants/:id',
      handler: (ctx) => {
        if (!ctx.emulator.tenants.delete((ctx.params.id ?? '').toLowerCase()))
          throw new EmulatorHttpError(404, 'TenantNotFound', `no tenant ${ctx.params.id}`, 'plain');
        return { status: 204 };
      },
    },
    {
      // A custodian enrolling a FIDO2 key with the account's Temporary Access Pass (./fido2-enrolment.ts).
      method: 'POST',
      surface: 'control',
      path: '/_emulator/tenants/:id/users/:userId/fido2',
      handler: enrolFido2Key,
    },
    {
      method: 'GET',
      surface: 'control',
      path: '/_emulator/faults',
      handler: (ctx) => ({ body: ctx.emulator.faults }),
    },
    {
      method: 'PUT',
      surface: 'control',
      path: '/_emulator/faults',
      handler: (ctx) => {
        try {
          return { body: ctx.emulator.setFaults(ctx.body ?? {}) };
        } catch (err) {
          if (err instanceof FaultSpecError) throw badRequest(err.message);
          throw err;
        }
      },
    },
    {
      method: 'GET',
      surface: 'control',
      path: '/_emulator/clock',
      handler: (ctx) => ({ body: clockBody(ctx) }),
    },
    {
      method: 'POST',
      surface: 'control',
      path: '/_emulator/clock/advance',
      handler: async (ctx) => {
        const seconds = (ctx.body as { seconds?: unknown } | undefined)?.seconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds))
          throw badRequest('body must be {"seconds": <number>}');
        ctx.emulator.clock.advance(seconds);
        // Ingestion and alert rules due by the new time have run when this answers.
        await ctx.emulator.settleTime();
        return { body: clockBody(ctx) };
      },
    },
    {
      method: 'PUT',
      surface: 'control',
      path: '/_emulator/clock',
      handler: async (ctx) => {
        const now = (ctx.body as { now?: unknown } | undefined)?.now;
        const at = typeof now === 'string' ? new Date(now) : undefined;
        if (!at || Number.isNaN(at.getTime())) throw badRequest('body must be {"now": "<ISO 8601 instant>"}');
        ctx.emulator.clock.set(at);
        await ctx.emulator.settleTime();
        return { body: clockBody(ctx) };
      },
    },
  ],
};
