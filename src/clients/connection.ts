/**
 * A `Connection` is everything needed to talk to one tenant: the cloud's endpoints, a credential,
 * the tenant id, TLS settings, the HTTP pipeline, the request recorder and the tenant's CA-write
 * pacer. The same object serves a live tenant, an emulator at a URL, and an embedded emulator
 * started for one run — the code above it cannot tell them apart.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  type HttpClient,
  type Pipeline,
  type PipelineRequest,
  type PipelineResponse,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import { UsageError } from '../errors.js';
import {
  chooseCredentialKind,
  createCredential,
  credentialOptionsFromEnv,
  mergeCredentialOptions,
  type ChosenCredential,
  type CredentialKind,
  type CredentialOptions,
} from './credential.js';
import { startEmbeddedEmulator, type EmbeddedEmulator } from './embedded-emulator.js';
import { EmulatorControl } from './emulator-control.js';
import { discoverEmulator, emulatorAdminCredential, pickEmulatorTenant } from './emulator-info.js';
import { CLOUDS, emulatorEndpoints, type CloudName, type Endpoints } from './endpoints.js';
import { pacerForTenant, type CaWritePacer, type PacingOptions } from './pacing.js';
import { emulatorTlsSettings, sharedHttpClient } from './shared-transport.js';
import { createClientPipeline, type PipelineSettings } from './pipeline.js';
import { RequestRecorder } from './recorder.js';
import type { RetryListener, RetryOptions } from './retry.js';

/** The scenario an embedded emulator loads when none is named: the demo's story starts there. */
export const DEFAULT_EMBEDDED_SCENARIO = 'drifted';

/** How a connection reaches its tenant. */
export type ConnectionMode = 'live' | 'emulator' | 'embedded';

/** The emulator side of a connection. */
export interface EmulatorHandle {
  readonly url: string;
  readonly caPem: string;
  /** The control plane (`/_emulator/…`): tenants, faults, clock. */
  readonly control: EmulatorControl;
  /** Set when this connection started the emulator (and stops it on `close()`). */
  readonly embedded?: EmbeddedEmulator;
}

/** One tenant, reachable. */
export interface Connection {
  readonly mode: ConnectionMode;
  readonly endpoints: Endpoints;
  readonly tenantId: string;
  readonly credential: TokenCredential;
  /** How the credential was chosen (never a secret). */
  readonly credentialKind: CredentialKind;
  readonly clientId?: string;
  /** TLS settings for every client built on this connection (`ca` = the emulator's CA). */
  readonly tlsOptions?: TlsSettings;
  /** The pipeline for Graph, raw ARM and Log Analytics requests. */
  readonly pipeline: Pipeline;
  readonly httpClient: HttpClient;
  /** Counts this connection's requests and their dependency depth. */
  readonly recorder: RequestRecorder;
  /** The tenant's Conditional Access write pacer (`pacer.throttled` = 429s seen). */
  readonly pacer: CaWritePacer;
  /** What SDK clients need to be built the same way (./arm.ts, ./logs.ts). */
  readonly settings: PipelineSettings;
  readonly emulator?: EmulatorHandle;
  /** Sends a request through the pipeline. Transport failures throw; HTTP errors are responses. */
  send(request: PipelineRequest): Promise<PipelineResponse>;
  /** Releases what the connection holds (stops an embedded emulator). Safe to call twice. */
  close(): Promise<void>;
}

/** How to connect. Everything is optional; unset values come from the environment. */
export interface ConnectOptions {
  /** An emulator URL, or `true` to start an embedded emulator for this run. */
  readonly emulator?: string | true;
  /** Scenario of an embedded emulator (default `drifted`). */
  readonly scenario?: string;
  /** Fault spec of an embedded emulator (benchmarks, tests). */
  readonly faults?: string;
  /** Tenant id: the live tenant, or which of the emulator's tenants. */
  readonly tenantId?: string;
  /** Cloud of a live tenant (default `global`). */
  readonly cloud?: CloudName;
  /** Explicit credential settings; merged over the environment's. */
  readonly credential?: CredentialOptions;
  /** The emulator's CA (PEM), when known. */
  readonly emulatorCaPem?: string;
  readonly retry?: Partial<RetryOptions>;
  readonly pacing?: Partial<PacingOptions>;
  readonly recorder?: RequestRecorder;
  readonly onRetry?: RetryListener;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/** The one line shown when there is nothing to connect to. */
export const NO_TARGET_MESSAGE =
  'no tenant to connect to: pass --tenant ID (credentials from AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or ' +
  'AZURE_CLIENT_CERTIFICATE_PATH, or BREAKGLASS_AUTH), or --emulator [URL] to use the local emulator';

/**
 * Connects: `emulator: true` starts an embedded emulator; an emulator URL (or
 * `BREAKGLASS_EMULATOR`, which may also say `embedded`) uses that emulator; otherwise a live tenant (`tenantId` or
 * `AZURE_TENANT_ID`). Against an emulator the credential is its published admin app unless
 * credentials are configured. With nothing to connect to, throws a `UsageError` saying how.
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const emulator = options.emulator ?? emulatorFromEnv(env.BREAKGLASS_EMULATOR);
  if (options.scenario !== undefined && emulator !== true) {
    throw new UsageError('--scenario applies to an embedded emulator: use it with --emulator and no URL');
  }
  if (emulator === true) return connectEmbedded(options);
  if (emulator !== undefined) return connectEmulator(emulator, options, { useEnvCredentials: true });
  return connectLive(options);
}

/** `BREAKGLASS_EMULATOR`: an emulator URL, or `embedded` for one started for this run. */
export function emulatorFromEnv(value: string | undefined): string | true | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  return trimmed.toLowerCase() === 'embedded' ? true : trimmed;
}

async function connectEmbedded(options: ConnectOptions): Promise<Connection> {
  const embedded = await startEmbeddedEmulator({
    scenario: options.scenario ?? DEFAULT_EMBEDDED_SCENARIO,
    faults: options.faults,
  });
  try {
    // An embedded emulator is the demo's tenant: credentials from the environment (meant for a real
    // tenant) are not used, only explicitly passed ones.
    return await connectEmulator(
      embedded.url,
      { ...options, emulatorCaPem: embedded.caPem },
      {
        useEnvCredentials: false,
        embedded,
      },
    );
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

async function connectEmulator(
  url: string,
  options: ConnectOptions,
  how: { useEnvCredentials: boolean; embedded?: EmbeddedEmulator },
): Promise<Connection> {
  const env = options.env ?? process.env;
  const discovered = await discoverEmulator(url, {
    caPem: options.emulatorCaPem,
    env,
    signal: options.signal,
    tenantId: options.tenantId,
  });
  const endpoints = emulatorEndpoints(discovered.url);
  const tlsOptions = emulatorTlsSettings(discovered.caPem);
  const configured = how.useEnvCredentials
    ? mergeCredentialOptions(options.credential ?? {}, credentialOptionsFromEnv(env))
    : (options.credential ?? {});
  let chosen: ChosenCredential;
  if (chooseCredentialKind(configured, how.useEnvCredentials ? env : {}) !== undefined) {
    const tenantId = options.tenantId ?? configured.tenantId ?? pickEmulatorTenant(discovered.info).tenantId;
    chosen = createCredential(
      { ...configured, tenantId },
      { authorityHost: endpoints.authorityHost, tlsOptions, disableInstanceDiscovery: true },
      how.useEnvCredentials ? env : {},
    );
  } else {
    chosen = emulatorAdminCredential(discovered, pickEmulatorTenant(discovered.info, options.tenantId));
  }
  return createConnection({
    mode: how.embedded ? 'embedded' : 'emulator',
    endpoints,
    chosen,
    tlsOptions,
    options,
    emulator: {
      url: discovered.url,
      caPem: discovered.caPem,
      control: new EmulatorControl(discovered.url, discovered.caPem),
      embedded: how.embedded,
    },
  });
}

function connectLive(options: ConnectOptions): Connection {
  const env = options.env ?? process.env;
  const configured = mergeCredentialOptions(options.credential ?? {}, credentialOptionsFromEnv(env));
  const tenantId = options.tenantId ?? configured.tenantId;
  if (!tenantId) throw new UsageError(NO_TARGET_MESSAGE);
  const endpoints = CLOUDS[options.cloud ?? 'global'];
  const chosen = createCredential(
    { ...configured, tenantId },
    { authorityHost: endpoints.authorityHost },
    env,
  );
  return createConnection({ mode: 'live', endpoints, chosen, options });
}

/** The parts a connection is assembled from (exported for tests that bring their own credential). */
export interface ConnectionParts {
  readonly mode: ConnectionMode;
  readonly endpoints: Endpoints;
  readonly chosen: ChosenCredential;
  readonly tlsOptions?: TlsSettings;
  readonly options?: Pick<ConnectOptions, 'retry' | 'pacing' | 'recorder' | 'onRetry'>;
  readonly emulator?: EmulatorHandle;
  readonly httpClient?: HttpClient;
}

/** Assembles a connection from its parts. */
export function createConnection(parts: ConnectionParts): Connection {
  const options = parts.options ?? {};
  const recorder = options.recorder ?? new RequestRecorder();
  const pacer = pacerForTenant(
    `${parts.endpoints.graph}|${parts.chosen.tenantId.toLowerCase()}`,
    options.pacing,
  );
  const settings: PipelineSettings = {
    endpoints: parts.endpoints,
    credential: parts.chosen.credential,
    tlsOptions: parts.tlsOptions,
    retry: options.retry,
    recorder,
    pacer,
    onRetry: options.onRetry,
  };
  const pipeline = createClientPipeline(settings);
  const httpClient = parts.httpClient ?? sharedHttpClient();
  let closed = false;
  return {
    mode: parts.mode,
    endpoints: parts.endpoints,
    tenantId: parts.chosen.tenantId,
    credential: parts.chosen.credential,
    credentialKind: parts.chosen.kind,
    clientId: parts.chosen.clientId,
    tlsOptions: parts.tlsOptions,
    pipeline,
    httpClient,
    recorder,
    pacer,
    settings,
    emulator: parts.emulator,
    send: (request) => pipeline.sendRequest(httpClient, request),
    async close() {
      if (closed) return;
      closed = true;
      await parts.emulator?.embedded?.stop();
    },
  };
}
