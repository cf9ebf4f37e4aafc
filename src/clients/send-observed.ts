/**
 * Sending a request while watching its outcome: the CA-write pacer and the attempt recorder both
 * need the status of every attempt, including the ones that never got a response.
 */
import type { PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';

/**
 * Sends `request` with `next` and then calls `observe` with the response status, or `undefined`
 * when no response arrived (the error still propagates). `observe` runs before the caller sees the
 * response or the error.
 */
export async function sendObserved(
  request: PipelineRequest,
  next: SendRequest,
  observe: (status: number | undefined) => void,
): Promise<PipelineResponse> {
  let status: number | undefined;
  try {
    const response = await next(request);
    status = response.status;
    return response;
  } finally {
    observe(status);
  }
}
