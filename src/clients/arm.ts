/**
 * Azure Resource Manager: Microsoft's own SDK clients (`@azure/arm-resources`,
 * `@azure/arm-operationalinsights`, `@azure/arm-monitor`) pointed at the connection's ARM endpoint
 * with its token scope and trusted CA, and running breakglass's retry policy and request recorder;
 * plus raw ARM calls through the connection's pipeline for what no SDK covers — the Entra
 * diagnostic setting under `/providers/microsoft.aadiam` (api-facts §0.7, §3.3).
 */
import { createHttpHeaders, createPipelineRequest, type Pipeline } from '@azure/core-rest-pipeline';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { MonitorClient } from '@azure/arm-monitor';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { Connection } from './connection.js';
import type { ServiceName } from './endpoints.js';
import { apiErrorFromResponse, apiErrorFromTransport, identityError, toApiError } from './errors.js';
import { adoptSdkPipeline, USER_AGENT } from './pipeline.js';
import { parseRetryAfter } from './retry.js';

/** The options every SDK client of a connection is built with, for one service. */
export function sdkClientOptions(connection: Connection, service: Exclude<ServiceName, 'graph'>) {
  return {
    endpoint: connection.endpoints[service],
    // The modular clients default to the public cloud's scope whatever the endpoint (api-facts §4.3).
    credentials: { scopes: [connection.endpoints.scopes[service]] },
    tlsOptions: connection.tlsOptions,
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    // The connection's transport: one connection pool, and tests can script it.
    httpClient: connection.httpClient,
  };
}

/** Swaps the SDK's retry policy for ours and adds the recorder. Returns the client. */
function adopt<T extends { pipeline: Pipeline }>(connection: Connection, client: T): T {
  adoptSdkPipeline(client.pipeline, connection.settings);
  return client;
}

/** `ResourceManagementClient` (subscriptions, resource groups) for a connection. */
export function resourceManagementClient(
  connection: Connection,
  subscriptionId: string,
): ResourceManagementClient {
  return adopt(
    connection,
    new ResourceManagementClient(connection.credential, subscriptionId, sdkClientOptions(connection, 'arm')),
  );
}

/** `OperationalInsightsManagementClient` (Log Analytics workspaces) for a connection. */
export function operationalInsightsClient(
  connection: Connection,
  subscriptionId: string,
): OperationalInsightsManagementClient {
  return adopt(
    connection,
    new OperationalInsightsManagementClient(
      connection.credential,
      subscriptionId,
      sdkClientOptions(connection, 'arm'),
    ),
  );
}

/** `MonitorClient` (scheduled query rules, action groups) for a connection. */
export function monitorClient(connection: Connection, subscriptionId: string): MonitorClient {
  return adopt(
    connection,
    new MonitorClient(connection.credential, subscriptionId, sdkClientOptions(connection, 'arm')),
  );
}

/** The three ARM clients of one subscription. */
export interface ArmClients {
  readonly resources: ResourceManagementClient;
  readonly operationalInsights: OperationalInsightsManagementClient;
  readonly monitor: MonitorClient;
}

/** All three ARM clients for a subscription. */
export function armClients(connection: Connection, subscriptionId: string): ArmClients {
  return {
    resources: resourceManagementClient(connection, subscriptionId),
    operationalInsights: operationalInsightsClient(connection, subscriptionId),
    monitor: monitorClient(connection, subscriptionId),
  };
}

/**
 * Runs an SDK call and turns its failure into an `ApiError` (status, code, request id, and on a 403
 * the role the operation needs).
 */
export async function armCall<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error, 'arm', { root: connection.endpoints.arm });
  }
}

/** Options of a raw ARM request. */
export interface ArmRequestOptions {
  readonly apiVersion: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/**
 * A raw ARM request through the connection's pipeline (token with the ARM scope, retries,
 * recorder). `path` is below the ARM root, e.g. `/providers/microsoft.aadiam/diagnosticSettings`.
 * Returns the parsed body (undefined for an empty answer); an error status throws an `ApiError`.
 */
export async function armRequest<T>(
  connection: Connection,
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST',
  path: string,
  options: ArmRequestOptions,
): Promise<T | undefined> {
  const separator = path.includes('?') ? '&' : '?';
  const url = `${connection.endpoints.arm}${path}${separator}api-version=${encodeURIComponent(options.apiVersion)}`;
  const bodyText = options.body === undefined ? undefined : JSON.stringify(options.body);
  const request = createPipelineRequest({
    url,
    method,
    body: bodyText,
    abortSignal: options.signal,
    headers: createHttpHeaders({
      accept: 'application/json',
      ...(bodyText !== undefined ? { 'content-type': 'application/json' } : {}),
    }),
  });
  let response;
  try {
    response = await connection.send(request);
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    throw (
      identityError(error) ?? apiErrorFromTransport('arm', request, error, { root: connection.endpoints.arm })
    );
  }
  if (response.status >= 400) {
    throw apiErrorFromResponse('arm', response, {
      root: connection.endpoints.arm,
      retryAfterMs: parseRetryAfter(response.headers),
    });
  }
  const text = response.bodyAsText;
  return text ? (JSON.parse(text) as T) : undefined;
}

/** The api-version of `microsoft.aadiam/diagnosticSettings` (the only stable one). */
export const AADIAM_API_VERSION = '2017-04-01';

/** An Entra diagnostic setting as ARM returns it. */
export interface AadiamDiagnosticSetting {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly properties: {
    readonly workspaceId?: string;
    readonly storageAccountId?: string;
    readonly eventHubAuthorizationRuleId?: string;
    readonly eventHubName?: string;
    readonly logs?: readonly { readonly category: string; readonly enabled: boolean }[];
    readonly [key: string]: unknown;
  };
}

const AADIAM_PATH = '/providers/microsoft.aadiam/diagnosticSettings';

/** Entra ID diagnostic settings (tenant-level, not under a subscription). */
export const aadiamDiagnosticSettings = {
  /** All settings of the tenant. */
  async list(connection: Connection, signal?: AbortSignal): Promise<AadiamDiagnosticSetting[]> {
    const body = await armRequest<{ value?: AadiamDiagnosticSetting[] }>(connection, 'GET', AADIAM_PATH, {
      apiVersion: AADIAM_API_VERSION,
      signal,
    });
    return body?.value ?? [];
  },
  /** One setting by name. */
  get(
    connection: Connection,
    name: string,
    signal?: AbortSignal,
  ): Promise<AadiamDiagnosticSetting | undefined> {
    return armRequest(connection, 'GET', `${AADIAM_PATH}/${encodeURIComponent(name)}`, {
      apiVersion: AADIAM_API_VERSION,
      signal,
    });
  },
  /** Creates or replaces a setting (PUT is idempotent, so it is retried safely). */
  put(
    connection: Connection,
    name: string,
    properties: AadiamDiagnosticSetting['properties'],
    signal?: AbortSignal,
  ): Promise<AadiamDiagnosticSetting | undefined> {
    return armRequest(connection, 'PUT', `${AADIAM_PATH}/${encodeURIComponent(name)}`, {
      apiVersion: AADIAM_API_VERSION,
      body: { properties },
      signal,
    });
  },
  /** Deletes a setting. */
  async delete(connection: Connection, name: string, signal?: AbortSignal): Promise<void> {
    await armRequest(connection, 'DELETE', `${AADIAM_PATH}/${encodeURIComponent(name)}`, {
      apiVersion: AADIAM_API_VERSION,
      signal,
    });
  },
};
