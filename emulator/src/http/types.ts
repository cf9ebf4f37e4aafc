/**
 * The route-registration contract: what a route module exports and what a handler receives.
 *
 * A handler is a function from a {@link RouteContext} to a {@link RouteResult} (or throws an
 * {@link EmulatorHttpError} from `./errors.js`). Handlers never touch the socket, which is what lets
 * the server add faults, latency and headers in one place, and lets Graph `$batch` run any Graph
 * route as a sub-request. See docs/emulator.md, "How to add a route".
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from '../state.js';
import type { EmulatorApp } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import type { EmulatorHttpError } from './errors.js';

/** The services the emulator plays, each mounted under its own path prefix. */
export type Surface = 'graph' | 'arm' | 'loganalytics' | 'identity' | 'control';

/** Graph API versions. */
export type GraphVersion = 'v1.0' | 'beta';

/** OData system query options a Graph route may declare. */
export type ODataOption =
  '$select' | '$filter' | '$top' | '$count' | '$skiptoken' | '$orderby' | '$expand' | '$search' | '$skip';

/** HTTP methods routes may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The verified claims of a bearer token. */
export interface TokenClaims {
  /** Tenant id (lower case). */
  tid: string;
  /** Audience: https://graph.microsoft.com, https://management.azure.com or https://api.loganalytics.io. */
  aud: string;
  /** Client id of the app. */
  appid: string;
  /** Object id of the app's service principal. */
  oid: string;
  /** Graph application permissions (empty for ARM / Log Analytics tokens). */
  roles: string[];
  iat: number;
  nbf: number;
  exp: number;
}

/** Everything a handler gets. */
export interface RouteContext {
  /** Upper-case HTTP method. */
  method: HttpMethod;
  /** The request path without the query string, as received (for a `$batch` item: the item's full path). */
  path: string;
  /** Path parameters (`:id` → `params.id`), URL-decoded, case preserved. */
  params: Record<string, string>;
  /** The query string (decoded by URLSearchParams; `$filter` etc. are read as `query.get('$filter')`). */
  query: URLSearchParams;
  /** Request headers, lower-case names (for a `$batch` item: the item's headers). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or (identity routes) the parsed form as a plain object; undefined when empty. */
  body: unknown;
  /** The raw body text. */
  rawBody: string;
  /** The request id the response carries (`request-id` / `x-ms-request-id`). */
  requestId: string;
  /** The caller's `client-request-id` (or `x-ms-client-request-id`), echoed in Graph errors. */
  clientRequestId: string | undefined;
  /** `https://127.0.0.1:PORT` (no trailing slash), for absolute links such as `@odata.nextLink`. */
  baseUrl: string;
  /** Graph routes: the version called. Undefined elsewhere. */
  version: GraphVersion | undefined;
  /** The whole emulator: tenants, clock, faults (see {@link EmulatorState}). */
  emulator: EmulatorState;
  /**
   * The calling tenant's store, selected by the token's `tid` (Graph, ARM and Log Analytics routes).
   * Reading it on an unauthenticated route throws.
   */
  readonly tenant: TenantStore;
  /** The verified token (Graph, ARM and Log Analytics routes); reading it elsewhere throws. */
  readonly token: TokenClaims;
  /** The app the token was issued to (its `armRoles` decide ARM access); reading it elsewhere throws. */
  readonly app: EmulatorApp;
  /** Throws Graph's 403 `Authorization_RequestDenied` unless the token holds one of `anyOf`. */
  requireGraphRoles(anyOf: readonly string[]): void;
}

/** What a handler returns. */
export interface RouteResult {
  /** HTTP status; 200 by default (204 when there is no body and no status). */
  status?: number;
  /** Extra response headers (Location, Retry-After, Azure-AsyncOperation …). */
  headers?: Record<string, string>;
  /** JSON-serialisable body, or a string sent as is (set Content-Type in `headers`). */
  body?: unknown;
}

/** A route handler. Throw {@link EmulatorHttpError} (via `graphError`, `armError` …) to fail. */
export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

/** One route. */
export interface RouteDef {
  method: HttpMethod;
  surface: Surface;
  /**
   * Path relative to the surface's root, in find-my-way syntax (`:param`, `*`):
   * graph `/users/:id` (served at `/graph/v1.0/users/:id` and `/graph/beta/users/:id`),
   * arm `/subscriptions/:subscriptionId/resourcegroups/:rg` (served at `/arm/...`),
   * loganalytics `/v1/workspaces/:id/query` (served at `/loganalytics/...`),
   * identity and control: the absolute path (`/:tenant/oauth2/v2.0/token`, `/_emulator/info`).
   * Matching is case-insensitive; parameters keep their case.
   */
  path: string;
  /** Graph only: versions that serve the route (default both). Use `['beta']` for beta-only resources. */
  versions?: readonly GraphVersion[];
  /**
   * Graph only: the OData system query options (`$select`, `$filter`, `$top`, `$count`,
   * `$skiptoken`, `$orderby`, `$expand`, `$search`) the handler implements. Any other `$` option
   * is refused with Graph's 400 before the handler runs, so an unimplemented option never gives a
   * silently wrong answer. Default: none.
   */
  query?: readonly ODataOption[];
  handler: RouteHandler;
}

/** What a route module exports; modules are listed explicitly in `emulator/src/routes.ts`. */
export interface RouteModule {
  /** A short name for diagnostics. */
  name: string;
  routes: readonly RouteDef[];
}

/** Re-exported for handlers that want to type a caught error. */
export type { EmulatorHttpError };
