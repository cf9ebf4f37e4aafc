/**
 * A small client for the emulator's control plane (`/_emulator/…`, docs/architecture.md): no
 * authentication, loopback only, JSON over HTTPS with the emulator's CA. Used to discover an
 * emulator (`/_emulator/info`), and by tests, the demo and benchmarks to load tenants, set faults
 * and move the clock.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { UsageError } from '../errors.js';

/** The trust to use when calling the emulator. */
export interface ControlTrust {
  /** The emulator CA (PEM). */
  readonly caPem?: string;
  /**
   * Accept any certificate. Only for the first `/_emulator/info` call to a loopback emulator whose
   * CA we do not have yet (./emulator-info.ts re-checks with the CA it returns).
   */
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A non-2xx answer of the control plane. */
export class ControlPlaneError extends Error {
  override readonly name = 'ControlPlaneError';
  readonly userFacing = true;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Verified control-plane reads (GET) share kept-alive connections (one pool per CA, since the CA is
 * part of the agent's connection key): a fleet run connects to the same emulator a thousand times,
 * and a TLS handshake per `/_emulator/info` was most of what each call cost. Idle pooled sockets
 * are unreferenced by the agent, so they never keep a command from exiting. Writes keep a
 * connection of their own: a write is never resent on a pooled connection the server had closed.
 */
const keepAliveAgent = new Agent({ keepAlive: true });

/** Sends one JSON request to the control plane and returns the parsed answer (undefined for 204). */
export function controlRequest<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  trust: ControlTrust,
): Promise<T> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (url.protocol !== 'https:') throw new UsageError(`the emulator URL must be https:// (got ${baseUrl})`);
  const pooled = method === 'GET' && !trust.insecure;
  return sendControlRequest<T>(url, method, body, trust, pooled).catch((error: unknown) => {
    // The server may close an idle pooled connection just as it is reused; a read is safe to resend
    // once, on a connection of its own (what Node's documentation advises for kept-alive agents).
    if (error instanceof StaleConnectionError) return sendControlRequest<T>(url, method, body, trust, false);
    throw error;
  });
}

/** A reused pooled connection was reset before any answer. */
class StaleConnectionError extends Error {}

function sendControlRequest<T>(
  url: URL,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  body: unknown,
  trust: ControlTrust,
  pooled: boolean,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: trust.caPem,
        rejectUnauthorized: !trust.insecure,
        agent: pooled ? keepAliveAgent : false,
        timeout: trust.timeoutMs ?? 10_000,
        signal: trust.signal,
        headers: {
          accept: 'application/json',
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(
              new ControlPlaneError(
                `emulator ${method} ${url.pathname}: ${status} ${text.slice(0, 300)}`,
                status,
              ),
            );
            return;
          }
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch {
            reject(
              new ControlPlaneError(`emulator ${method} ${url.pathname}: the answer is not JSON`, status),
            );
          }
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from ${url.origin} within ${trust.timeoutMs ?? 10_000} ms`)),
    );
    req.on('error', (error: Error & { code?: string }) => {
      if (error.name === 'AbortError') reject(error);
      else if (pooled && req.reusedSocket && error.code === 'ECONNRESET') reject(new StaleConnectionError());
      else
        reject(new UsageError(`cannot reach the emulator at ${url.origin}: ${error.code ?? error.message}`));
    });
    req.end(payload);
  });
}

/** The emulator control plane at one base URL. */
export class EmulatorControl {
  constructor(
    readonly baseUrl: string,
    private readonly caPem: string,
  ) {}

  private call<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return controlRequest<T>(this.baseUrl, method, path, body, { caPem: this.caPem });
  }

  /** `GET /_emulator/info`. */
  info(): Promise<EmulatorInfoDocument> {
    return this.call('GET', '/_emulator/info');
  }

  /** The tenant as a snapshot document; `includeEmulatorKey` adds its apps (`emulator` key). */
  snapshot(tenantId: string, includeEmulatorKey = false): Promise<Record<string, unknown>> {
    const query = `tenant=${encodeURIComponent(tenantId)}${includeEmulatorKey ? '&emulator=true' : ''}`;
    return this.call('GET', `/_emulator/snapshot?${query}`);
  }

  /** Loads or replaces a tenant from a snapshot document. */
  putTenant(tenantId: string, document: unknown): Promise<EmulatorTenantSummary> {
    return this.call('PUT', `/_emulator/tenants/${encodeURIComponent(tenantId)}`, document);
  }

  /** Removes a tenant. */
  deleteTenant(tenantId: string): Promise<void> {
    return this.call('DELETE', `/_emulator/tenants/${encodeURIComponent(tenantId)}`);
  }

  /** The fault configuration. */
  faults(): Promise<Record<string, number>> {
    return this.call('GET', '/_emulator/faults');
  }

  /** Changes some faults (same fields as `--faults`); returns the whole configuration. */
  setFaults(partial: Record<string, number>): Promise<Record<string, number>> {
    return this.call('PUT', '/_emulator/faults', partial);
  }

  /** Moves the emulator's clock forward. */
  advanceClock(seconds: number): Promise<{ now: string }> {
    return this.call('POST', '/_emulator/clock/advance', { seconds });
  }

  /** Simulates a sign-in (see the emulator's docs for the body). */
  signIn(body: unknown): Promise<unknown> {
    return this.call('POST', '/_emulator/signin', body);
  }

  /**
   * Plays a custodian enrolling a FIDO2 key for an account with its Temporary Access Pass — what
   * happens in a browser with the key present; Graph has no application API for it.
   */
  enrolFido2Key(
    tenantId: string,
    user: string,
    key: { aaGuid: string; model?: string; displayName?: string },
  ): Promise<unknown> {
    return this.call(
      'POST',
      `/_emulator/tenants/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(user)}/fido2`,
      key,
    );
  }

  /** The messages action groups delivered to the emulator's mailbox (e-mail, `sms:` and `voice:` addresses). */
  mailbox(
    to?: string,
  ): Promise<{ messages: { to: string; subject: string; body: string; [key: string]: unknown }[] }> {
    return this.call('GET', `/_emulator/mailbox${to ? `?to=${encodeURIComponent(to)}` : ''}`);
  }
}

/** One tenant as `/_emulator/info` lists it. */
export interface EmulatorTenantSummary {
  readonly tenantId: string;
  readonly displayName?: string;
  readonly initialDomain?: string;
  /** The default admin app; null when the tenant has none (or it has no secret). */
  readonly adminApp: { readonly clientId: string; readonly clientSecret: string | null } | null;
}

/** The `/_emulator/info` document. */
export interface EmulatorInfoDocument {
  readonly caCertificate: string;
  readonly caFile?: string;
  readonly endpoints: {
    readonly authorityHost: string;
    readonly graph: string;
    readonly arm: string;
    readonly logAnalytics: string;
  };
  readonly tenants: readonly EmulatorTenantSummary[];
}
