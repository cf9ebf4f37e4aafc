/**
 * Helpers for the emulator's own tests (used only by `*.test.ts`): start an emulator in process,
 * mint tokens for apps with chosen permissions, and make HTTPS requests that trust its CA.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueAccessToken, resources } from './identity/tokens.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server.js';
import { minimalTenant } from './tenant/minimal.js';
import type { EmulatorApp, TenantDocument } from './tenant/schema.js';

/** A response as tests look at it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The JSON body, or undefined when the body is not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary shapes
}

/** A running emulator with one tenant, for tests. */
export interface TestEmulator {
  emulator: RunningEmulator;
  tenantId: string;
  /** The tenant's default admin app (all Graph permissions). */
  admin: EmulatorApp;
  /** A token for an app in the tenant holding exactly `roles` (added to the tenant's apps). */
  token(options?: {
    roles?: string[];
    resource?: keyof typeof resources;
    tenantId?: string;
  }): Promise<string>;
  /** An HTTPS request to the emulator; `token` sets the bearer, `body` is sent as JSON unless a string. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

/** An HTTPS request trusting `ca`. */
export function httpsCall(
  url: string,
  ca: string,
  method: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const req = httpsRequest(url, { method, ca, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

let appCounter = 0;
let sharedDataDir: string | undefined;

/**
 * One data dir per test process, so the CA, server certificate and signing key (slow RSA key
 * generation) are made once, not per test; removed when the process exits.
 */
export function testDataDir(): string {
  if (!sharedDataDir) {
    const dir = mkdtempSync(join(tmpdir(), 'breakglass-emulator-test-'));
    sharedDataDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return sharedDataDir;
}

/** Starts an emulator with `tenant` (default: the minimal tenant). */
export async function startTestEmulator(
  options: EmulatorOptions & { tenant?: TenantDocument } = {},
): Promise<TestEmulator> {
  const { tenant: doc, ...rest } = options;
  const emulator = await startEmulator({
    dataDir: testDataDir(),
    ...rest,
    tenants: [doc ?? minimalTenant(rest.seed ?? 42), ...(rest.tenants ?? [])],
  });
  const store = [...emulator.state.tenants.values()][0];
  if (!store) throw new Error('no tenant loaded');
  const admin = emulator.state.adminApp(store);
  if (!admin) throw new Error('tenant has no app');
  return {
    emulator,
    tenantId: store.tenantId,
    admin,
    async token({ roles, resource = 'graph', tenantId } = {}) {
      const tenant = tenantId ? emulator.state.tenants.get(tenantId.toLowerCase()) : store;
      if (!tenant) throw new Error(`no tenant ${tenantId}`);
      let app = admin;
      if (roles) {
        appCounter += 1;
        app = {
          displayName: `test app ${appCounter}`,
          clientId: `00000000-0000-4000-8000-${String(appCounter).padStart(12, '0')}`,
          graphRoles: roles,
          armRoles: [],
        };
        tenant.apps.push(app);
      } else if (tenant !== store) {
        app = emulator.state.adminApp(tenant) ?? admin;
      }
      return (await issueAccessToken(emulator.state, tenant, app, resources[resource], 'secret')).token;
    },
    call(method, path, { token, body, headers } = {}) {
      return httpsCall(`${emulator.url}${path}`, emulator.caCertPem, method, {
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers ?? {}) },
        body,
      });
    },
    close: () => emulator.close(),
  };
}
