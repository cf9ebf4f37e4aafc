/**
 * Discovering an emulator from its URL: its CA certificate, endpoints, tenants, and per tenant the
 * published default admin app, turned into an ordinary `ClientSecretCredential` — the same class
 * the product uses against Microsoft.
 *
 * Trust: a CA the user passes (`caPem`, or the file in `BREAKGLASS_EMULATOR_CA`) is used as is.
 * Without one, a *loopback* emulator is asked for its CA over an unverified connection, and the
 * answer is then re-fetched with that CA pinned, so everything after the first request is verified.
 * That first step only ever happens on 127.0.0.1 / ::1 / localhost, where the emulator listens.
 */
import { readFileSync } from 'node:fs';
import { ClientSecretCredential } from '@azure/identity';
import { UsageError } from '../errors.js';
import type { ChosenCredential } from './credential.js';
import { emulatorTlsSettings, sharedHttpClient } from './shared-transport.js';
import { controlRequest, type EmulatorInfoDocument, type EmulatorTenantSummary } from './emulator-control.js';

/** What discovery found. */
export interface DiscoveredEmulator {
  readonly url: string;
  readonly caPem: string;
  readonly info: EmulatorInfoDocument;
}

/** Options of `discoverEmulator`. */
export interface DiscoverOptions {
  /** The emulator CA (PEM); else `BREAKGLASS_EMULATOR_CA` (a file), else loopback discovery. */
  readonly caPem?: string;
  readonly signal?: AbortSignal;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The tenant the caller will use, when it knows: the emulator is then asked about that tenant
   * only (`/_emulator/info?tenant=ID`) rather than listing every tenant it holds (a fleet may hold
   * a thousand). `info.tenants` then holds that tenant — or all of them when it is not there, so
   * that `pickEmulatorTenant` can say which are loaded.
   */
  readonly tenantId?: string;
}

/** Whether a URL points at this machine. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Normalises a user-given emulator URL (`127.0.0.1:8443` → `https://127.0.0.1:8443`). */
export function normaliseEmulatorUrl(raw: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--emulator: not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:') {
    // Bearer tokens are refused over plain http by the Azure SDK (api-facts §0.8); the emulator is https only.
    throw new UsageError(
      `--emulator: the emulator speaks https, not ${url.protocol.replace(':', '')} (${raw})`,
    );
  }
  return url.origin;
}

/** Fetches `/_emulator/info` with the right trust. */
export async function discoverEmulator(
  rawUrl: string,
  options: DiscoverOptions = {},
): Promise<DiscoveredEmulator> {
  const url = normaliseEmulatorUrl(rawUrl);
  const env = options.env ?? process.env;
  let caPem = options.caPem ?? readCaFile(env.BREAKGLASS_EMULATOR_CA);
  if (!caPem) {
    if (!isLoopbackUrl(url)) {
      throw new UsageError(
        `cannot verify the emulator at ${url}: set BREAKGLASS_EMULATOR_CA to the CA file it printed at start-up`,
      );
    }
    const unverified = await controlRequest<EmulatorInfoDocument>(url, 'GET', '/_emulator/info', undefined, {
      insecure: true,
      signal: options.signal,
    });
    caPem = unverified.caCertificate;
    if (typeof caPem !== 'string' || !caPem.includes('BEGIN CERTIFICATE')) {
      throw new UsageError(
        `${url} does not look like a breakglass emulator (no CA certificate in /_emulator/info)`,
      );
    }
  }
  const fetchInfo = (path: string) =>
    controlRequest<EmulatorInfoDocument>(url, 'GET', path, undefined, { caPem, signal: options.signal });
  const wanted = options.tenantId;
  if (wanted !== undefined) {
    const info = await fetchInfo(`/_emulator/info?tenant=${encodeURIComponent(wanted)}`);
    if (info.tenants.some((t) => t.tenantId.toLowerCase() === wanted.toLowerCase()))
      return { url, caPem, info };
  }
  return { url, caPem, info: await fetchInfo('/_emulator/info') };
}

/**
 * The tenant to use: the one asked for (by id, case-insensitive), or the emulator's only / first
 * tenant.
 */
export function pickEmulatorTenant(info: EmulatorInfoDocument, tenantId?: string): EmulatorTenantSummary {
  if (tenantId) {
    const found = info.tenants.find((t) => t.tenantId.toLowerCase() === tenantId.toLowerCase());
    if (!found) {
      const loaded = info.tenants.map((t) => t.tenantId).join(', ') || 'none';
      throw new UsageError(`the emulator has no tenant ${tenantId} (loaded: ${loaded})`);
    }
    return found;
  }
  const first = info.tenants[0];
  if (!first) throw new UsageError('the emulator has no tenant loaded; start it with --scenario or --tenant');
  return first;
}

/**
 * A `ClientSecretCredential` for a tenant's published admin app, trusting the emulator's CA and
 * skipping instance discovery (Microsoft does not know this authority).
 */
export function emulatorAdminCredential(
  emulator: DiscoveredEmulator,
  tenant: EmulatorTenantSummary,
): ChosenCredential {
  const app = tenant.adminApp;
  if (!app?.clientSecret) {
    throw new UsageError(
      `tenant ${tenant.tenantId} in the emulator publishes no admin app with a secret; configure credentials (AZURE_CLIENT_ID …)`,
    );
  }
  const credential = new ClientSecretCredential(tenant.tenantId, app.clientId, app.clientSecret, {
    authorityHost: emulator.info.endpoints.authorityHost ?? emulator.url,
    disableInstanceDiscovery: true,
    // Token requests pool their connections with the connection's own requests.
    tlsOptions: emulatorTlsSettings(emulator.caPem),
    httpClient: sharedHttpClient(),
  });
  return { kind: 'client-secret', tenantId: tenant.tenantId, clientId: app.clientId, credential };
}

function readCaFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `BREAKGLASS_EMULATOR_CA: cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
}
