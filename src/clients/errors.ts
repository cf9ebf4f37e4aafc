/**
 * Typed API errors. Every failure of a Microsoft (or emulator) call becomes an `ApiError` that keeps
 * what support needs — HTTP status, error code, request-id, client-request-id, date — and carries a
 * one-line, user-facing message (`userFacing = true`, printed by the CLI without a stack). A 403
 * names the permission the operation needs (./permissions.ts); a 401 says the credential is wrong.
 */
import {
  isRestError,
  type PipelineRequest,
  type PipelineResponse,
  type RestError,
} from '@azure/core-rest-pipeline';
import type { ServiceName } from './endpoints.js';
import { describeAccess, operationFor, type OperationAccess } from './permissions.js';

/** Where the error came from: one of the APIs, or the identity platform while getting a token. */
export type ErrorSource = ServiceName | 'identity' | 'emulator';

/**
 * The facts an `ApiError` keeps: its own fields, declared once in the class below (everything but
 * what `Error` has, the `userFacing` flag and the derived `requiredAccess`).
 */
export type ApiErrorFields = Omit<ApiError, keyof Error | 'userFacing' | 'requiredAccess'>;

/** A failed API call. `message` is one line; the fields keep the details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The CLI prints `message` as one line, without a stack. */
  readonly userFacing = true;
  // The fields below are set by `Object.assign` in the constructor (hence `!` on the required ones).
  readonly source!: ErrorSource;
  /** HTTP status; 0 when no response arrived (dropped connection, timeout, DNS, TLS). */
  readonly status!: number;
  /** The service's error code (`Authorization_RequestDenied`, `AuthorizationFailed`, `ECONNRESET`…). */
  readonly code?: string;
  /** The service's own message, kept verbatim. */
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  /** The `date` the service reported (error body or `Date` header). */
  readonly date?: string;
  readonly method!: string;
  /** Path of the request below its host, without the query string. */
  readonly path!: string;
  /** The operation from the permissions table, when known. */
  readonly operation?: OperationAccess;
  /** `Retry-After` of the last response, in ms, when there was one. */
  readonly retryAfterMs?: number;

  constructor(fields: ApiErrorFields, options?: { cause?: unknown }) {
    super(describeFailure(fields), options);
    Object.assign(this, fields);
  }

  /** The permission clause of a 403, or undefined. */
  get requiredAccess(): string | undefined {
    return this.status === 403 && this.operation ? describeAccess(this.operation) : undefined;
  }
}

/** Whether a value is an `ApiError` (also across duplicated module instances). */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError || (error as { name?: string } | null)?.name === 'ApiError';
}

const SOURCE_LABEL: Record<ErrorSource, string> = {
  graph: 'Microsoft Graph',
  arm: 'Azure Resource Manager',
  logAnalytics: 'Log Analytics',
  identity: 'the identity platform',
  emulator: 'the emulator',
};

/** The one-line message of an error; pure, so the wording is tested table-driven. */
export function describeFailure(fields: ApiErrorFields): string {
  const what =
    fields.source === 'identity'
      ? 'issue a token'
      : fields.operation
        ? `${fields.operation.summary} (${fields.method} ${fields.path})`
        : `${fields.method} ${fields.path}`;
  const code = fields.code ? ` ${fields.code}` : '';
  const ids = [
    fields.requestId && `request-id ${fields.requestId}`,
    fields.clientRequestId && `client-request-id ${fields.clientRequestId}`,
    fields.date && `date ${fields.date}`,
  ].filter(Boolean);
  const tail = ids.length ? ` [${ids.join(', ')}]` : '';
  const serviceText = oneLine(fields.serviceMessage);
  if (fields.status === 0) {
    return `could not reach ${SOURCE_LABEL[fields.source]} to ${what}:${code} ${serviceText || 'no response'}${tail}`;
  }
  const head = `${SOURCE_LABEL[fields.source]} refused to ${what}: ${fields.status}${code}`;
  if (fields.status === 401) {
    const why = serviceText ? ` (${serviceText})` : '';
    return `${head} — the credential or its token was not accepted${why}; check the tenant id, client id and secret or certificate${tail}`;
  }
  if (fields.status === 403 && fields.operation) {
    return `${head} — this needs ${describeAccess(fields.operation)}${tail}`;
  }
  if (fields.status === 403) {
    return `${head} — the identity lacks a permission for this call${serviceText ? ` (${serviceText})` : ''}${tail}`;
  }
  return `${head}${serviceText ? ` — ${serviceText}` : ''}${tail}`;
}

/** Graph, ARM and Log Analytics error envelopes differ in detail; this reads all three. */
interface ErrorEnvelope {
  error?: {
    code?: string;
    message?: string;
    innerError?: { code?: string; date?: string; 'request-id'?: string; 'client-request-id'?: string };
    innererror?: { code?: string; message?: string };
  };
}

/** What the caller knows about a request beyond the response itself. */
export interface ErrorContext {
  /**
   * The service root the request was sent to (e.g. `https://graph.microsoft.com` or
   * `https://127.0.0.1:8443/graph`); paths in messages and permission look-ups are relative to it.
   */
  readonly root?: string;
  /** The last `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
}

/** Builds the error of a response with status ≥ 400. */
export function apiErrorFromResponse(
  source: ErrorSource,
  response: PipelineResponse,
  context: ErrorContext = {},
): ApiError {
  const request = response.request;
  let envelope: ErrorEnvelope = {};
  try {
    envelope = JSON.parse(response.bodyAsText ?? '') as ErrorEnvelope;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): keep the status and headers only.
  }
  const error = envelope.error ?? {};
  const header = (name: string) => response.headers.get(name) ?? undefined;
  const path = pathOf(request.url, context.root);
  return new ApiError({
    source,
    status: response.status,
    code: error.code ?? error.innerError?.code,
    serviceMessage: error.message ?? (envelope.error ? undefined : shortBody(response.bodyAsText)),
    requestId: error.innerError?.['request-id'] ?? header('request-id') ?? header('x-ms-request-id'),
    clientRequestId:
      error.innerError?.['client-request-id'] ??
      header('client-request-id') ??
      header('x-ms-client-request-id') ??
      request.headers.get('client-request-id'),
    date: error.innerError?.date ?? header('date'),
    method: request.method,
    path,
    operation: isService(source) ? operationFor(source, request.method, path) : undefined,
    retryAfterMs: context.retryAfterMs,
  });
}

/** Builds the error of a request that got no response (connection dropped, timeout, TLS). */
export function apiErrorFromTransport(
  source: ErrorSource,
  request: PipelineRequest,
  cause: unknown,
  context: ErrorContext = {},
): ApiError {
  const path = pathOf(request.url, context.root);
  const err = cause as { code?: string; message?: string; name?: string };
  return new ApiError(
    {
      source,
      status: 0,
      code: err?.code ?? err?.name,
      serviceMessage: err?.message,
      clientRequestId: request.headers.get('client-request-id') ?? request.requestId,
      method: request.method,
      path,
      operation: isService(source) ? operationFor(source, request.method, path) : undefined,
    },
    { cause },
  );
}

/**
 * The failed response with its body text. Clients generated on `@azure-rest/core-client`
 * (`@azure/arm-monitor` 8) keep only the status and headers of a JSON error response, the
 * service's code and message being on the `RestError` itself (and the parsed body in `details`);
 * put them back so the `ApiError` keeps the service's code and message.
 */
function responseWithBody(error: RestError, response: PipelineResponse): PipelineResponse {
  if (typeof response.bodyAsText === 'string') return response;
  const details = error.details as ErrorEnvelope | undefined;
  const envelope: ErrorEnvelope = details?.error
    ? details
    : { error: { ...(error.code ? { code: error.code } : {}), message: error.message } };
  return { ...response, bodyAsText: JSON.stringify(envelope) };
}

/**
 * Turns whatever an SDK client or credential threw into an `ApiError` (a `RestError` with a
 * response, a transport `RestError`, an `@azure/identity` error), or returns it unchanged when it is
 * already one or is an abort. Use it around `@azure/arm-*` and `LogsQueryClient` calls.
 */
export function toApiError(error: unknown, source: ErrorSource, context: ErrorContext = {}): unknown {
  if (isApiError(error) || (error as { name?: string } | null)?.name === 'AbortError') return error;
  if (isRestError(error)) {
    if (error.response) return apiErrorFromResponse(source, responseWithBody(error, error.response), context);
    if (error.request) return apiErrorFromTransport(source, error.request, error, context);
  }
  const identity = identityError(error);
  return identity ?? error;
}

/** `@azure/identity` error classes that mean the identity platform refused or could not be used. */
const IDENTITY_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
]);

/**
 * `@azure/identity` failures (wrong secret, unknown app, unreachable authority, no credential
 * available) as an `ApiError` from the identity platform, keeping the AADSTS code and its first
 * sentence (never the secret: Entra does not echo it).
 */
export function identityError(error: unknown): ApiError | undefined {
  const err = error as {
    name?: string;
    message?: string;
    statusCode?: number;
    errorResponse?: { error?: string; errorDescription?: string; correlationId?: string; traceId?: string };
  } | null;
  if (!err?.name || !IDENTITY_ERRORS.has(err.name)) return undefined;
  const description = err.errorResponse?.errorDescription ?? err.message ?? '';
  const aadsts = /AADSTS(\d+):\s*([^.]*\.)?/.exec(description);
  const unavailable = err.name === 'CredentialUnavailableError';
  return new ApiError(
    {
      source: 'identity',
      // A refused token request is an authentication failure even when MSAL hides the status.
      status: unavailable ? 0 : (err.statusCode ?? 401),
      code: aadsts ? `AADSTS${aadsts[1]}` : (err.errorResponse?.error ?? err.name),
      serviceMessage: aadsts?.[2] ?? firstSentence(description),
      requestId: err.errorResponse?.traceId ?? /Trace ID: ([\w-]+)/.exec(description)?.[1],
      method: 'POST',
      path: 'token',
    },
    { cause: error },
  );
}

function isService(source: ErrorSource): source is ServiceName {
  return source === 'graph' || source === 'arm' || source === 'logAnalytics';
}

function pathOf(url: string, root?: string): string {
  const withoutQuery = url.split('?')[0] ?? url;
  if (root && withoutQuery.toLowerCase().startsWith(root.toLowerCase())) {
    return withoutQuery.slice(root.length) || '/';
  }
  try {
    return new URL(withoutQuery).pathname;
  } catch {
    return withoutQuery;
  }
}

function oneLine(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function firstSentence(text: string): string {
  // Identity errors run to several lines with trace ids and timestamps; the first line says it.
  return oneLine(text.split(/\r?\n/)[0]).slice(0, 200);
}

function shortBody(text: string | null | undefined): string | undefined {
  const line = oneLine(text);
  return line ? line.slice(0, 200) : undefined;
}
