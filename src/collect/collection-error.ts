/**
 * What a failed read means for the audit. A collection the credential may not read, or the tenant
 * is not licensed for, is left out of the snapshot with the reason, so its checks `skip` with that
 * reason; it is never replaced by an empty list, which would read as compliant.
 */
import { isApiError } from '../clients/errors.js';
import type { CollectionError } from '../snapshot/schema.js';

/**
 * Error codes (and message fragments) Microsoft uses when a feature needs a licence the tenant
 * does not have: Entra ID P1 for sign-in logs, P2 for PIM schedules.
 */
const NOT_LICENSED =
  /NonPremium|PremiumLicense|LicenseRequired|NotLicensed|premium licen[cs]e|requires? (an? )?(Microsoft Entra ID|Azure AD|Entra ID) P[12]|does not have (a|any) (valid )?(licen[cs]e|sku)/i;

/** The parts of a failure the classification looks at (an `ApiError`, or a batch sub-response). */
export interface FailureFacts {
  status: number;
  code?: string;
  message?: string;
}

/** Classifies a failed read. Pure, so the table of cases is tested directly. */
export function classifyFailure(facts: FailureFacts): CollectionError {
  const text = `${facts.code ?? ''} ${facts.message ?? ''}`;
  const detail = describe(facts);
  if (NOT_LICENSED.test(text)) return { reason: 'not-licensed', detail };
  if (facts.status === 401 || facts.status === 403) return { reason: 'missing-permission', detail };
  // ARM answers 404 SubscriptionNotFound (and Graph 403/404 mixes) when the identity cannot see a subscription.
  if (facts.status === 404 && /SubscriptionNotFound|AuthorizationFailed/i.test(facts.code ?? '')) {
    return { reason: 'missing-permission', detail };
  }
  return { reason: 'not-collected', detail };
}

/** Classifies whatever a read threw; transport failures and other errors become `not-collected`. */
export function classifyError(error: unknown): CollectionError {
  if (isApiError(error)) {
    // Keep the client's one-line message (it names the permission a 403 needs) as the detail.
    const classified = classifyFailure({
      status: error.status,
      code: error.code,
      message: error.serviceMessage,
    });
    return { reason: classified.reason, detail: error.message };
  }
  return { reason: 'not-collected', detail: error instanceof Error ? error.message : String(error) };
}

function describe(facts: FailureFacts): string {
  return [String(facts.status), facts.code, facts.message].filter(Boolean).join(' ');
}
