/**
 * Request handling without the socket: authentication, faults that answer instead of the route
 * (429, 5xx), permission and query-option checks, the handler, and error rendering. The server
 * uses it for every request and Graph `$batch` for every item, so both behave the same.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { faultResponse } from '../faults/inject.js';
import { verifyBearer, type TokenProblem } from '../identity/tokens.js';
import type { EmulatorState } from '../state.js';
import type { EmulatorApp } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import { EmulatorHttpError, armError, graphError, graphErrors } from './errors.js';
import { renderError, surfaceHeaders, type RenderedResponse, type ResponseIds } from './render.js';
import { surfaceOf, type RouteMatch, type Router } from './router.js';
import type { HttpMethod, RouteContext, Surface, TokenClaims } from './types.js';

/** One request to handle. */
export interface DispatchCall {
  method: string;
  /** Full path, e.g. `/graph/v1.0/users` (no query string). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  requestId: string;
  baseUrl: string;
  /** A `$batch` item: the batch's verified token (the item carries no Authorization header). */
  token?: TokenClaims;
}

const resourceOf = { graph: 'graph', arm: 'arm', loganalytics: 'logAnalytics' } as const;

/** The 401 each surface answers for a token problem. */
function unauthorized(
  surface: Surface,
  problem: TokenProblem,
  baseUrl: string,
  now: Date,
): EmulatorHttpError {
  if (surface === 'graph') {
    const message = {
      missing: 'Access token is empty.',
      malformed: 'Access token validation failure. Invalid signature or malformed token.',
      expired: 'Lifetime validation failed, the token is expired.',
      audience: 'Access token validation failure. Invalid audience.',
      tenant: 'Access token validation failure. The tenant does not exist.',
    }[problem.kind];
    return graphError(401, 'InvalidAuthenticationToken', message, {
      headers: {
        'www-authenticate': `Bearer realm="", authorization_uri="${baseUrl}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      },
    });
  }
  if (surface === 'loganalytics') {
    if (problem.kind === 'audience')
      return armError(403, 'InvalidTokenError', 'The provided authentication is not valid for this resource');
    return armError(401, 'AuthorizationRequiredError', 'Valid authentication was not provided');
  }
  const headers = {
    'www-authenticate': `Bearer authorization_uri="${baseUrl}/common", error="invalid_token", error_description="The access token is invalid."`,
  };
  switch (problem.kind) {
    case 'missing':
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        { headers },
      );
    case 'expired':
      return armError(
        401,
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${new Date(problem.exp * 1000).toUTCString()}' is earlier than current UTC time '${now.toUTCString()}'.`,
        { headers },
      );
    case 'audience':
      return armError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${problem.aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
        { headers },
      );
    default:
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', { headers });
  }
}

/** Parses a request body: JSON, or a form for the identity surface. */
function parseBody(surface: Surface, headers: IncomingHttpHeaders, raw: string): unknown {
  if (raw.trim() === '') return undefined;
  const type = String(headers['content-type'] ?? '').toLowerCase();
  if (
    type.includes('application/x-www-form-urlencoded') ||
    (surface === 'identity' && !type.includes('json'))
  ) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    if (surface === 'graph')
      throw graphErrors.badRequest(
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        'BadRequest',
      );
    if (surface === 'arm' || surface === 'loganalytics')
      throw armError(
        400,
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized.',
      );
    throw new EmulatorHttpError(400, 'BadRequest', 'The request body is not valid JSON.');
  }
}

/** Rejects `$` query options the route does not implement, and duplicated options. */
function checkQueryOptions(match: RouteMatch, query: URLSearchParams): void {
  const allowed = new Set((match.def.query ?? []).map((o) => o.toLowerCase()));
  const seen = new Set<string>();
  for (const key of query.keys()) {
    const k = key.toLowerCase();
    if (!k.startsWith('$')) continue;
    if (seen.has(k))
      throw graphErrors.badRequest(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
        'BadRequest',
      );
    seen.add(k);
    if (!allowed.has(k))
      throw graphErrors.unsupportedQuery(`The query option '${key}' is not supported on this resource.`);
  }
}

/** Handles requests for one emulator. */
export class Dispatcher {
  constructor(
    private readonly state: EmulatorState,
    private readonly router: Router,
  ) {}

  /** Handles one request (or `$batch` item) and returns the rendered response. */
  async handle(call: DispatchCall): Promise<RenderedResponse> {
    const surface = surfaceOf(call.path);
    const clientRequestId =
      firstHeader(call.headers['client-request-id']) ?? firstHeader(call.headers['x-ms-client-request-id']);
    const ids: ResponseIds = { requestId: call.requestId, clientRequestId, now: this.state.clock.date() };
    try {
      return await this.run(call, surface, clientRequestId, ids);
    } catch (err) {
      if (!(err instanceof EmulatorHttpError))
        process.stderr.write(
          `emulator: ${call.method} ${call.path}: ${(err as Error).stack ?? String(err)}\n`,
        );
      return renderError(err, surface, ids, call.baseUrl);
    }
  }

  private async run(
    call: DispatchCall,
    surface: Surface,
    clientRequestId: string | undefined,
    ids: ResponseIds,
  ): Promise<RenderedResponse> {
    const state = this.state;
    let token = call.token;
    if (!token && surface in resourceOf) {
      const check = await verifyBearer(
        state,
        firstHeader(call.headers.authorization),
        resourceOf[surface as keyof typeof resourceOf],
      );
      if (!check.ok) throw unauthorized(surface, check.problem, call.baseUrl, ids.now);
      token = check.claims;
    }
    const match = this.router.find(call.method, call.path);
    if (!match) throw this.notFound(surface, call);
    if (surface !== 'identity' && surface !== 'control') {
      const fault = faultResponse(state, surface);
      if (fault) throw fault;
    }
    const tenant: TenantStore | undefined = token ? state.tenants.get(token.tid) : undefined;
    const app: EmulatorApp | undefined =
      token && tenant
        ? tenant.apps.find((a) => a.clientId.toLowerCase() === token.appid.toLowerCase())
        : undefined;
    if (token && (!tenant || !app))
      throw unauthorized(surface, { kind: 'tenant', tid: token.tid }, call.baseUrl, ids.now);
    const requireGraphRoles = (anyOf: readonly string[]) => {
      if (anyOf.length === 0) return;
      if (!token?.roles.some((r) => anyOf.some((a) => a.toLowerCase() === r.toLowerCase())))
        throw graphErrors.denied();
    };
    if (surface === 'graph') {
      requireGraphRoles(match.graphRoles ?? []);
      checkQueryOptions(match, call.query);
    }
    const body = parseBody(surface, call.headers, call.rawBody);
    const unavailable = (what: string) => () => {
      throw new Error(`ctx.${what} is only available on authenticated routes`);
    };
    const ctx: RouteContext = {
      method: call.method.toUpperCase() as HttpMethod,
      path: call.path,
      params: match.params,
      query: call.query,
      headers: call.headers,
      body,
      rawBody: call.rawBody,
      requestId: call.requestId,
      clientRequestId,
      baseUrl: call.baseUrl,
      version: match.version,
      emulator: state,
      get tenant() {
        return tenant ?? unavailable('tenant')();
      },
      get token() {
        return token ?? unavailable('token')();
      },
      get app() {
        return app ?? unavailable('app')();
      },
      requireGraphRoles,
    };
    const result = await match.def.handler(ctx);
    const headers = { ...surfaceHeaders(surface, ids), ...lowerKeys(result.headers ?? {}) };
    const status = result.status ?? (result.body === undefined ? 204 : 200);
    return { status, headers, body: result.body };
  }

  private notFound(surface: Surface, call: DispatchCall): EmulatorHttpError {
    const exists = this.router.pathExists(call.path);
    if (surface === 'graph') {
      if (exists)
        return graphError(
          405,
          'Request_BadRequest',
          'Specified HTTP method is not allowed for the request target.',
        );
      const rest = call.path.split('/').slice(3).filter(Boolean);
      const segment = rest.find((s) => !/^[0-9a-f-]{36}$/i.test(s)) ?? rest[0] ?? '';
      return graphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${decodeURIComponent(segment)}'.`,
      );
    }
    if (surface === 'arm' || surface === 'loganalytics') {
      if (exists)
        return armError(
          405,
          'MethodNotAllowed',
          `The requested resource does not support http method '${call.method.toUpperCase()}'.`,
        );
      return armError(
        404,
        'InvalidResourceType',
        `The resource type could not be found for the path '${call.path.replace(/^\/arm/i, '')}'.`,
      );
    }
    if (exists)
      return new EmulatorHttpError(
        405,
        'MethodNotAllowed',
        `${call.method} is not allowed on ${call.path}`,
        'plain',
      );
    return new EmulatorHttpError(404, 'NotFound', `No such endpoint: ${call.method} ${call.path}`, 'plain');
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
