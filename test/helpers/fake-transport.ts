/**
 * A `Connection` whose HTTP transport is a script: the real pipeline (token policy, retries,
 * pacing, recorder) runs, only the socket is replaced, so a test puts each fault exactly where it
 * wants it. The Azure SDK clients built on such a connection use the same transport.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { createConnection, type Connection, type ConnectOptions } from '../../src/clients/connection.js';
import { emulatorEndpoints } from '../../src/clients/endpoints.js';

/** The base URL of the fake service (an emulator-shaped endpoint set: /graph, /arm, /loganalytics). */
export const FAKE_BASE = 'https://service.test';

/** A credential that hands out a fixed token and remembers the scopes asked for. */
export class StubCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: 'stub-token', expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

/** What the fake service answers: a response, or a connection dropped before any. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

/** Answers one request; `body` is the parsed JSON request body, if any. */
export type Handler = (request: PipelineRequest, body: unknown) => Reply | Promise<Reply>;

/** A connection over a scripted transport, the requests that reached it, and the credential. */
export function fakeConnection(
  handler: Handler,
  options: Pick<ConnectOptions, 'recorder' | 'pacing' | 'retry'> = {},
): { connection: Connection; seen: PipelineRequest[]; credential: StubCredential } {
  const seen: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      seen.push(request);
      const raw = typeof request.body === 'string' ? request.body : undefined;
      const reply = await handler(request, raw ? JSON.parse(raw) : undefined);
      if (reply === 'drop') throw new RestError('socket hang up', { code: 'ECONNRESET', request });
      const text =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      return {
        request,
        status: reply.status,
        headers: createHttpHeaders({
          'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        }),
        bodyAsText: text,
      };
    },
  };
  const credential = new StubCredential();
  const connection = createConnection({
    mode: 'emulator',
    endpoints: emulatorEndpoints(FAKE_BASE),
    // A fresh tenant id per connection: pacers are per tenant and process-wide.
    chosen: { credential, kind: 'client-secret', tenantId: `tenant-${Math.random().toString(36).slice(2)}` },
    httpClient,
    options: {
      retry: { baseDelayMs: 1, maxDelayMs: 5, ...options.retry },
      recorder: options.recorder,
      pacing: options.pacing ?? { writesPerSecond: 200 },
    },
  });
  return { connection, seen, credential };
}

/** The path of a request below the fake base, without the query. */
export function pathOf(request: PipelineRequest): string {
  return new URL(request.url).pathname;
}
