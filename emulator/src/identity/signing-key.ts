/**
 * The key the emulator signs access tokens with (RS256, as Entra does), kept in the data dir so
 * tokens stay valid across restarts with the same data dir.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { webcrypto } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** A signing key and its public JWK. */
export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  /** Public JWK with `kid`, `use`, `alg` (published at the jwks_uri). */
  publicJwk: JWK;
}

/** File name of the signing key in the data dir. */
export const signingKeyFile = 'token-signing-key.json';

async function fromJwk(privateJwk: JWK): Promise<SigningKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(pub));
  const privateKey = (await importJWK(privateJwk, 'RS256')) as webcrypto.CryptoKey;
  const publicKey = (await importJWK(pub, 'RS256')) as webcrypto.CryptoKey;
  return { kid, privateKey, publicKey, publicJwk: { ...pub, kid, use: 'sig', alg: 'RS256' } };
}

/** Loads the signing key from the data dir, or makes one and writes it there (mode 0600). */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, signingKeyFile);
  if (existsSync(file)) return fromJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  jwk.kid = await calculateJwkThumbprint(pub);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  return fromJwk(jwk);
}
