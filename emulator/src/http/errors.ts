/**
 * Errors a route handler throws to answer with a service's own error envelope.
 *
 * Handlers never write error bodies themselves: they throw one of these, and the server renders it
 * in the envelope of the surface that was called (Graph, ARM, the identity platform, the control
 * plane), adding the request id, client request id and date the real services add. That keeps the
 * shapes in one place and lets `$batch` reuse the same rendering for each item.
 */

/** Which service's envelope an error is rendered in. */
export type ErrorSurface = 'graph' | 'arm' | 'identity' | 'plain';

/** Something a handler throws to end the request with an error response. */
export class EmulatorHttpError extends Error {
  override readonly name = 'EmulatorHttpError';
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** The service's error code (`Request_ResourceNotFound`, `AuthorizationFailed`, `invalid_client` …). */
    readonly code: string,
    message: string,
    /** Envelope to render in; `undefined` means "the surface of the route that threw". */
    readonly surface?: ErrorSurface,
    /** Extra response headers (for example `Retry-After`). */
    readonly headers: Record<string, string> = {},
    /** Extra fields merged into the error object (Graph `details`, AADSTS `error_codes` …). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A Graph error: rendered as `{ error: { code, message, innerError: { date, request-id,
 * client-request-id } } }`.
 */
export function graphError(
  status: number,
  code: string,
  message: string,
  options: { headers?: Record<string, string>; details?: unknown[]; innerCode?: string } = {},
): EmulatorHttpError {
  const extra: Record<string, unknown> = {};
  if (options.details) extra.details = options.details;
  if (options.innerCode) extra.innerCode = options.innerCode;
  return new EmulatorHttpError(status, code, message, 'graph', options.headers ?? {}, extra);
}

/** An ARM error: rendered as `{ error: { code, message } }` with `x-ms-request-id` headers. */
export function armError(
  status: number,
  code: string,
  message: string,
  options: { headers?: Record<string, string>; details?: unknown[] } = {},
): EmulatorHttpError {
  const extra: Record<string, unknown> = {};
  if (options.details) extra.details = options.details;
  return new EmulatorHttpError(status, code, message, 'arm', options.headers ?? {}, extra);
}

/**
 * An identity platform (AADSTS) error: rendered as `{ error, error_description, error_codes,
 * timestamp, trace_id, correlation_id, error_uri }`. `aadsts` is the number without the prefix.
 */
export function identityError(
  status: number,
  error: string,
  aadsts: number,
  description: string,
): EmulatorHttpError {
  return new EmulatorHttpError(status, error, `AADSTS${aadsts}: ${description}`, 'identity', {}, { aadsts });
}

/** The shorthand errors Graph handlers need most often. */
export const graphErrors = {
  /** 404 for a missing directory object, with Graph's own wording. */
  notFound(id: string): EmulatorHttpError {
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  },
  /** 400 for a malformed or unsupported request body or query. */
  badRequest(message: string, code = 'Request_BadRequest'): EmulatorHttpError {
    return graphError(400, code, message);
  },
  /** 400 for a query option or filter the emulator (and often Graph) does not support. */
  unsupportedQuery(message: string): EmulatorHttpError {
    return graphError(400, 'Request_UnsupportedQuery', message);
  },
  /** 403 for a token without the needed application permission. */
  denied(message = 'Insufficient privileges to complete the operation.'): EmulatorHttpError {
    return graphError(403, 'Authorization_RequestDenied', message);
  },
} as const;
