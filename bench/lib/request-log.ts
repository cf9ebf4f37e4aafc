/**
 * Which requests an audit made: a policy added to a connection's pipeline notes each logical
 * request, and for a Graph `$batch` the reads it carries — so a benchmark can tell first pages from
 * continuation pages (`$skiptoken`, which Graph and ARM nextLinks carry) and see that no read is
 * made per CA policy or per user.
 */
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import type { Connection } from '../../src/clients/connection.js';

/** One logical request. */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  /** The URLs of the reads inside a `$batch`; empty for other requests. */
  readonly batchItems: readonly string[];
}

/** What the log shows. */
export interface RequestSummary {
  /** HTTP requests (a `$batch` counts once). */
  readonly requests: number;
  /** Reads carried inside `$batch` requests. */
  readonly batchItems: number;
  /** Requests and batch reads that fetch a continuation page. */
  readonly pages: number;
}

const isContinuation = (url: string) => /skiptoken/i.test(url);

/** Starts logging the connection's requests; returns the live list. */
export function logRequests(connection: Connection): LoggedRequest[] {
  const log: LoggedRequest[] = [];
  connection.pipeline.addPolicy({
    name: 'benchRequestLog',
    sendRequest(request: PipelineRequest, next) {
      log.push({ method: request.method, url: request.url, batchItems: batchItemsOf(request) });
      return next(request);
    },
  });
  return log;
}

function batchItemsOf(request: PipelineRequest): string[] {
  if (!/\/\$batch$/.test(request.url.split('?')[0] ?? '') || typeof request.body !== 'string') return [];
  try {
    const body = JSON.parse(request.body) as { requests?: { url?: unknown }[] };
    return (body.requests ?? []).map((item) => String(item.url ?? ''));
  } catch {
    return [];
  }
}

/** Counts a log. */
export function summarizeRequests(log: readonly LoggedRequest[]): RequestSummary {
  return {
    requests: log.length,
    batchItems: log.reduce((n, r) => n + r.batchItems.length, 0),
    pages:
      log.filter((r) => isContinuation(r.url)).length +
      log.reduce((n, r) => n + r.batchItems.filter(isContinuation).length, 0),
  };
}
