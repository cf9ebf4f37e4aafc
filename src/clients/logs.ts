/**
 * Log Analytics queries: Microsoft's `LogsQueryClient` pointed at the connection's Log Analytics
 * endpoint, with its token scope and trusted CA, running breakglass's retry policy and recorder.
 *
 * Two quirks of `@azure/monitor-query-logs` 1.0.0 (api-facts §4.4): an explicit `endpoint` is used
 * as is — `/v1` is not appended — and the token audience comes only from `credentials.scopes`.
 */
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { Connection } from './connection.js';
import { toApiError } from './errors.js';
import { sdkClientOptions } from './arm.js';
import { adoptSdkPipeline } from './pipeline.js';

/** The query API version path segment. */
export const LOG_ANALYTICS_API_VERSION = 'v1';

/** A `LogsQueryClient` for a connection. */
export function logsQueryClient(connection: Connection): LogsQueryClient {
  const client = new LogsQueryClient(connection.credential, {
    ...sdkClientOptions(connection, 'logAnalytics'),
    endpoint: `${connection.endpoints.logAnalytics}/${LOG_ANALYTICS_API_VERSION}`,
  });
  adoptSdkPipeline(client.pipeline, connection.settings, { readOnly: true });
  return client;
}

/** Runs a query call and turns its failure into an `ApiError`. */
export async function logsCall<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error, 'logAnalytics', { root: connection.endpoints.logAnalytics });
  }
}
