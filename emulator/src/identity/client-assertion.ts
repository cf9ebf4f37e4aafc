/**
 * Checking a client assertion (`private_key_jwt`): a JWT the app signs with its certificate's
 * private key, naming the certificate by thumbprint (`x5t` SHA-1 or `x5t#S256`) in its header.
 * It must be signed by a certificate registered for the app, name the app as `iss` and `sub`,
 * be addressed to this token endpoint, and be within its validity (emulator clock).
 */
import { decodeProtectedHeader, importX509, jwtVerify, errors as joseErrors } from 'jose';
import { identityError, type EmulatorHttpError } from '../http/errors.js';
import { thumbprints } from '../pki/certificates.js';
import type { EmulatorApp } from '../tenant/schema.js';

const cache = new Map<string, Awaited<ReturnType<typeof thumbprints>>>();

async function thumbprintsOf(pem: string) {
  let t = cache.get(pem);
  if (!t) {
    t = await thumbprints(pem);
    cache.set(pem, t);
  }
  return t;
}

/** The app's certificates that may sign assertions: all `certificates`, narrowed by `certificateThumbprints` when present. */
export async function acceptedCertificates(
  app: EmulatorApp,
): Promise<{ pem: string; x5t: string; x5tS256: string; sha1Hex: string }[]> {
  const listed = app.certificateThumbprints?.map((t) => t.toLowerCase());
  const out = [];
  for (const pem of app.certificates ?? []) {
    const t = await thumbprintsOf(pem);
    if (listed && !listed.includes(t.x5t.toLowerCase()) && !listed.includes(t.sha1Hex.toLowerCase()))
      continue;
    out.push({ pem, ...t });
  }
  return out;
}

function invalid(aadsts: number, message: string): EmulatorHttpError {
  return identityError(401, 'invalid_client', aadsts, message);
}

/** Verifies an assertion for `app`; throws the AADSTS error Entra gives when it is not acceptable. */
export async function verifyClientAssertion(
  assertion: string,
  app: EmulatorApp,
  tenantId: string,
  nowMs: number,
): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw identityError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  }
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? (header['x5t#S256'] as string) : undefined;
  const certs = await acceptedCertificates(app);
  const cert = certs.find((c) => (x5tS256 && c.x5tS256 === x5tS256) || (x5t && c.x5t === x5t));
  if (!cert) {
    const shown = x5t
      ? Buffer.from(x5t, 'base64url').toString('hex').toUpperCase()
      : x5tS256
        ? Buffer.from(x5tS256, 'base64url').toString('hex').toUpperCase()
        : 'none';
    throw invalid(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${shown}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
    );
  }
  const alg = typeof header.alg === 'string' ? header.alg : 'RS256';
  let payload: Record<string, unknown>;
  try {
    const key = await importX509(cert.pem, alg);
    ({ payload } = await jwtVerify(assertion, key, { currentDate: new Date(nowMs), clockTolerance: 300 }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired || err instanceof joseErrors.JWTClaimValidationFailed) {
      throw invalid(700024, 'Client assertion is not within its valid time range.');
    }
    throw invalid(700027, 'Client assertion contains an invalid signature.');
  }
  if (
    String(payload.iss ?? '').toLowerCase() !== app.clientId.toLowerCase() ||
    String(payload.sub ?? '').toLowerCase() !== app.clientId.toLowerCase()
  ) {
    throw invalid(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud.map(String) : [String(payload.aud ?? '')];
  const ok = audiences.some((a) => new RegExp(`/(${tenantId}|[^/]+)/oauth2/(v2\\.0/)?token/?$`, 'i').test(a));
  if (!ok)
    throw invalid(
      700212,
      `The audience of the client assertion is not this token endpoint: '${audiences.join(', ')}'.`,
    );
}
