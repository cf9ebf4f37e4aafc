/**
 * The HTTP pipeline every breakglass request goes through, on `@azure/core-rest-pipeline`: the
 * same one against Microsoft and against the emulator; only endpoints and trusted CA differ.
 *
 * Order (outer → inner): request recorder → user agent, client-request-id → retry (per-attempt
 * timeout, abort) → bearer token with the scope of the URL's service → CA-write pacing → attempt
 * recorder → TLS (trusted CA) → HTTP. Tokens are fetched inside the retry loop, so a retry after a
 * long `Retry-After` never goes out with an expired token.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  type Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  type SendRequest,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import { version } from '../version.js';
import { serviceForUrl, type Endpoints, type ServiceName } from './endpoints.js';
import { caWritePacingPolicy, type CaWritePacer } from './pacing.js';
import { recorderPolicies, type RequestRecorder } from './recorder.js';
import {
  DEFAULT_RETRY_OPTIONS,
  retryPolicy,
  setIdempotent,
  type RetryListener,
  type RetryOptions,
} from './retry.js';

/** The user agent prefix sent with every request (`breakglass/<version>`). */
export const USER_AGENT = `breakglass/${version}`;

/** What a pipeline is built from. */
export interface PipelineSettings {
  readonly endpoints: Endpoints;
  readonly credential: TokenCredential;
  /** TLS settings; `ca` is how the emulator's certificate authority is trusted. */
  readonly tlsOptions?: TlsSettings;
  readonly retry?: Partial<RetryOptions>;
  readonly recorder?: RequestRecorder;
  /** The tenant's CA-write pacer; without one CA writes are not paced. */
  readonly pacer?: CaWritePacer;
  /** Observes retry decisions (logging, tests). */
  readonly onRetry?: RetryListener;
}

/** The full retry options of some settings. */
export function retryOptionsOf(settings: Pick<PipelineSettings, 'retry'>): RetryOptions {
  return { ...DEFAULT_RETRY_OPTIONS, ...settings.retry };
}

/** Builds the pipeline for Graph, raw ARM and Log Analytics calls. */
export function createClientPipeline(settings: PipelineSettings): Pipeline {
  const pipeline = createPipelineFromOptions({
    tlsOptions: settings.tlsOptions,
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    // Redirects are not part of any API we call; following one could send a token elsewhere.
    redirectOptions: { maxRetries: 0 },
  });
  installPolicies(pipeline, settings, { auth: true });
  return pipeline;
}

/**
 * Rebuilds an SDK client's pipeline (`@azure/arm-*`, `LogsQueryClient`) to use breakglass's retry
 * policy, request recorder and client-request-id instead of the SDK defaults. The SDK keeps its own
 * bearer policy (it already has the right scope); pacing is Graph-only and not added.
 */
export function adoptSdkPipeline(
  pipeline: Pipeline,
  settings: PipelineSettings,
  options: { readonly readOnly?: boolean } = {},
): void {
  installPolicies(pipeline, { ...settings, pacer: undefined }, { auth: false });
  if (options.readOnly) {
    // Log Analytics queries are POSTs that only read: safe to resend after a 5xx or a lost answer.
    pipeline.addPolicy({
      name: 'breakglassReadOnly',
      sendRequest(request, next) {
        setIdempotent(request, true);
        return next(request);
      },
    });
  }
}

function installPolicies(pipeline: Pipeline, settings: PipelineSettings, opts: { auth: boolean }): void {
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  const recorders = recorderPolicies(
    settings.recorder,
    (url) => serviceForUrl(settings.endpoints, url) ?? 'other',
  );
  pipeline.addPolicy(recorders.perCall);
  pipeline.addPolicy(clientRequestIdPolicy());
  pipeline.addPolicy(retryPolicy(retryOptionsOf(settings), settings.onRetry), { phase: 'Retry' });
  if (opts.auth)
    pipeline.addPolicy(serviceAuthPolicy(settings.endpoints, settings.credential), { phase: 'Sign' });
  if (settings.pacer) pipeline.addPolicy(caWritePacingPolicy(settings.pacer), { afterPhase: 'Sign' });
  pipeline.addPolicy(recorders.perAttempt, { afterPhase: 'Sign' });
}

/** Name of the auth policy in a pipeline. */
export const serviceAuthPolicyName = 'breakglassServiceAuth';

/**
 * Bearer authentication with the scope of the service a URL belongs to. A URL outside the
 * connection's endpoints is refused rather than sent with (or without) a token: it can only come
 * from a bug or a tampered `@odata.nextLink`.
 */
export function serviceAuthPolicy(endpoints: Endpoints, credential: TokenCredential): PipelinePolicy {
  const policies = new Map<ServiceName, PipelinePolicy>();
  const policyFor = (service: ServiceName) => {
    let policy = policies.get(service);
    if (!policy) {
      policy = bearerTokenAuthenticationPolicy({ credential, scopes: endpoints.scopes[service] });
      policies.set(service, policy);
    }
    return policy;
  };
  return {
    name: serviceAuthPolicyName,
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      const service = serviceForUrl(endpoints, request.url);
      if (!service) {
        return Promise.reject(
          new Error(
            `refusing to send a token to ${new URL(request.url).origin}: not one of this connection's endpoints`,
          ),
        );
      }
      return policyFor(service).sendRequest(request, next);
    },
  };
}

/**
 * Graph reads `client-request-id`, ARM `x-ms-client-request-id`; both carry the request's id so an
 * error message's id finds the request in either service's logs.
 */
function clientRequestIdPolicy(): PipelinePolicy {
  return {
    name: 'breakglassClientRequestId',
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (!request.headers.has('client-request-id'))
        request.headers.set('client-request-id', request.requestId);
      if (!request.headers.has('x-ms-client-request-id')) {
        request.headers.set('x-ms-client-request-id', request.requestId);
      }
      return next(request);
    },
  };
}
