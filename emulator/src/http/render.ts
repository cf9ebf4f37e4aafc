/**
 * Turning thrown errors into each service's error envelope, and the headers each service sends.
 */
import { EmulatorHttpError, type ErrorSurface } from './errors.js';
import type { Surface } from './types.js';

/** Ids and time a response carries. */
export interface ResponseIds {
  requestId: string;
  clientRequestId: string | undefined;
  /** The emulator clock now. */
  now: Date;
}

/** A rendered response (what handlers return, with status and headers settled). */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Graph's `innerError.date` format: ISO 8601 without fractional seconds or zone. */
export function graphDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '');
}

/** The envelope an error thrown on a route of `surface` is rendered in. */
export function envelopeOf(surface: Surface): ErrorSurface {
  if (surface === 'graph') return 'graph';
  if (surface === 'arm' || surface === 'loganalytics') return 'arm';
  if (surface === 'identity') return 'identity';
  return 'plain';
}

/** Headers every response of a surface carries. */
export function surfaceHeaders(surface: Surface, ids: ResponseIds): Record<string, string> {
  const headers: Record<string, string> = { date: ids.now.toUTCString() };
  if (surface === 'graph') {
    headers['request-id'] = ids.requestId;
    headers['client-request-id'] = ids.clientRequestId ?? ids.requestId;
    headers['x-ms-ags-diagnostic'] = JSON.stringify({
      ServerInfo: {
        DataCenter: 'Emulator',
        Slice: 'E',
        Ring: '1',
        ScaleUnit: '000',
        RoleInstance: 'emulator',
        ADSiteName: 'EMU',
      },
    });
    headers['strict-transport-security'] = 'max-age=31536000';
    headers['cache-control'] = 'no-cache';
  } else if (surface === 'arm' || surface === 'loganalytics') {
    headers['x-ms-request-id'] = ids.requestId;
    headers['x-ms-correlation-request-id'] = ids.clientRequestId ?? ids.requestId;
    headers['x-ms-routing-request-id'] =
      `EMULATOR:${ids.now.toISOString().replace(/[-:.]/g, '')}:${ids.requestId}`;
    if (ids.clientRequestId) headers['x-ms-client-request-id'] = ids.clientRequestId;
    headers['cache-control'] = 'no-cache';
  } else if (surface === 'identity') {
    headers['x-ms-request-id'] = ids.requestId;
    if (ids.clientRequestId) headers['client-request-id'] = ids.clientRequestId;
    headers['cache-control'] = 'no-store, no-cache';
  }
  return headers;
}

/** Renders an error in an envelope. Unknown errors become a 500 in the surface's shape. */
export function renderError(
  error: unknown,
  surface: Surface,
  ids: ResponseIds,
  baseUrl: string,
): RenderedResponse {
  const err =
    error instanceof EmulatorHttpError
      ? error
      : new EmulatorHttpError(
          500,
          surface === 'graph' ? 'generalException' : 'InternalServerError',
          'An internal server error occurred in the emulator.',
        );
  const envelope = err.surface ?? envelopeOf(surface);
  const headers = { ...surfaceHeaders(surface, ids), ...err.headers };
  let body: unknown;
  if (envelope === 'graph') {
    const { innerCode, details } = err.extra as { innerCode?: string; details?: unknown[] };
    body = {
      error: {
        code: err.code,
        message: err.message,
        ...(details ? { details } : {}),
        innerError: {
          ...(innerCode ? { code: innerCode } : {}),
          date: graphDate(ids.now),
          'request-id': ids.requestId,
          'client-request-id': ids.clientRequestId ?? ids.requestId,
        },
      },
    };
  } else if (envelope === 'arm') {
    body = { error: { code: err.code, message: err.message, ...err.extra } };
  } else if (envelope === 'identity') {
    const aadsts = Number((err.extra as { aadsts?: number }).aadsts ?? 0);
    const timestamp = ids.now
      .toISOString()
      .replace('T', ' ')
      .replace(/\.(\d{3})Z$/, '.$10000Z');
    const correlation = ids.clientRequestId ?? ids.requestId;
    body = {
      error: err.code,
      error_description: `${err.message}\r\nTrace ID: ${ids.requestId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: ids.requestId,
      correlation_id: correlation,
      error_uri: `${baseUrl}/error?code=${aadsts}`,
    };
  } else {
    body = { error: { code: err.code, message: err.message } };
  }
  return { status: err.status, headers, body };
}
