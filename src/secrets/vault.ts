/**
 * Where secrets go: only into files the user asked for (`--secrets-out DIR`), mode 0600 in a 0700
 * directory, one file per account — or, with `k-of-n`, n share files of which any k rebuild the
 * secret (Shamir's scheme, from the audited `shamir-secret-sharing` library) for separate custody.
 */
import { mkdirSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { split, combine } from 'shamir-secret-sharing';
import { UsageError } from '../errors.js';

export interface AccountSecrets {
  userPrincipalName: string;
  password?: string;
  temporaryAccessPass?: string;
  temporaryAccessPassExpires?: string;
}

export interface Custody {
  /** Shares needed to rebuild. */
  threshold: number;
  /** Shares written. */
  shares: number;
}

/** Parses `k-of-n` (e.g. `2-of-3`). */
export function parseCustody(text: string): Custody {
  const match = /^(\d+)-of-(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--split expects k-of-n, e.g. 2-of-3 (got "${text}")`);
  const threshold = Number(match[1]);
  const shares = Number(match[2]);
  if (threshold < 2 || shares < threshold || shares > 255)
    throw new UsageError(`--split ${text}: need 2 <= k <= n <= 255`);
  return { threshold, shares };
}

interface ShareFile {
  format: 'breakglass-secret-share/1';
  userPrincipalName: string;
  threshold: number;
  shares: number;
  /** Base64 of one Shamir share. */
  share: string;
  /** SHA-256 of this share's bytes, to detect a corrupted or mixed-up share (not of the secret). */
  shareDigest: string;
}

const safeName = (upn: string) => upn.replace(/[^A-Za-z0-9._@-]/g, '_');

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'w' });
  chmodSync(path, 0o600); // an existing file keeps its old mode otherwise
}

/**
 * Writes one account's secrets; returns the paths written. `label` keeps kinds apart
 * (`password`, `temporary-access-pass`) so that a later apply never overwrites an earlier secret.
 */
export async function storeSecrets(
  dir: string,
  secrets: AccountSecrets,
  custody?: Custody,
  label?: string,
): Promise<string[]> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const document = JSON.stringify({ format: 'breakglass-secret/1', ...secrets }, null, 2) + '\n';
  const base = join(dir, safeName(secrets.userPrincipalName) + (label ? `.${label}` : ''));
  if (!custody) {
    writePrivate(`${base}.json`, document);
    return [`${base}.json`];
  }
  const parts = await split(new TextEncoder().encode(document), custody.shares, custody.threshold);
  return parts.map((bytes, i) => {
    const share: ShareFile = {
      format: 'breakglass-secret-share/1',
      userPrincipalName: secrets.userPrincipalName,
      threshold: custody.threshold,
      shares: custody.shares,
      share: Buffer.from(bytes).toString('base64'),
      shareDigest: createHash('sha256').update(bytes).digest('hex'),
    };
    const path = `${base}.share-${i + 1}-of-${custody.shares}.json`;
    writePrivate(path, JSON.stringify(share, null, 2) + '\n');
    return path;
  });
}

/** Rebuilds an account's secrets from share files; refuses too few, corrupted or mixed shares. */
export async function combineShares(paths: string[]): Promise<AccountSecrets> {
  const shares = paths.map((path) => {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ShareFile;
    if (parsed.format !== 'breakglass-secret-share/1')
      throw new UsageError(`${path}: not a breakglass secret share`);
    const bytes = Buffer.from(parsed.share, 'base64');
    if (createHash('sha256').update(bytes).digest('hex') !== parsed.shareDigest)
      throw new UsageError(`${path}: the share is corrupted`);
    return { ...parsed, bytes, path };
  });
  const first = shares[0];
  if (!first) throw new UsageError('no share files given');
  if (shares.some((s) => s.userPrincipalName !== first.userPrincipalName))
    throw new UsageError('the shares belong to different accounts');
  if (new Set(shares.map((s) => s.share)).size < first.threshold) {
    throw new UsageError(
      `${first.userPrincipalName} needs ${first.threshold} different shares; got ${new Set(shares.map((s) => s.share)).size}`,
    );
  }
  const secret = await combine(shares.map((s) => new Uint8Array(s.bytes)));
  const parsed = JSON.parse(new TextDecoder().decode(secret)) as AccountSecrets & { format?: string };
  delete parsed.format;
  return parsed;
}
