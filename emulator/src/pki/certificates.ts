/**
 * The emulator's PKI: a CA and a server certificate for 127.0.0.1/localhost, made at first start
 * and kept in the data dir so that a client which trusted the CA once keeps trusting it.
 *
 * TLS checks validity against real time, so certificates are dated from the real clock (not the
 * emulator clock) and last ten years.
 */
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import './reflect-metadata.js';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const rsa = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

/** The CA and server certificate, as PEM, plus where the CA certificate file is. */
export interface EmulatorPki {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Absolute path of ca.pem in the data dir (what clients trust). */
  caFile: string;
}

/** File names in the data dir. */
export const pkiFiles = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
} as const;

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - 24 * 3600_000), notAfter: new Date(now + 10 * 365 * 24 * 3600_000) };
}

/** Makes a new CA and a server certificate for 127.0.0.1, ::1 and localhost. */
export async function createPki(): Promise<Omit<EmulatorPki, 'caFile'> & { caKeyPem: string }> {
  const caKeys = (await webcrypto.subtle.generateKey(ecdsa, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=breakglass emulator CA, O=breakglass',
    ...validity(),
    keys: caKeys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(ecdsa, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    ...validity(),
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return {
    caCertPem: ca.toString('pem'),
    caKeyPem: await pkcs8Pem(caKeys.privateKey),
    serverCertPem: server.toString('pem'),
    serverKeyPem: await pkcs8Pem(serverKeys.privateKey),
  };
}

/** Reads the PKI from the data dir, or makes it and writes it there (keys with mode 0600). */
export async function loadOrCreatePki(dataDir: string): Promise<EmulatorPki> {
  const path = (name: string) => join(dataDir, name);
  const caFile = path(pkiFiles.caCert);
  if (Object.values(pkiFiles).every((f) => existsSync(path(f)))) {
    return {
      caCertPem: readFileSync(caFile, 'utf8'),
      serverCertPem: readFileSync(path(pkiFiles.serverCert), 'utf8'),
      serverKeyPem: readFileSync(path(pkiFiles.serverKey), 'utf8'),
      caFile,
    };
  }
  mkdirSync(dataDir, { recursive: true });
  const pki = await createPki();
  writeFileSync(path(pkiFiles.caKey), pki.caKeyPem, { mode: 0o600 });
  writeFileSync(path(pkiFiles.serverKey), pki.serverKeyPem, { mode: 0o600 });
  writeFileSync(path(pkiFiles.serverCert), pki.serverCertPem);
  writeFileSync(caFile, pki.caCertPem);
  return {
    caCertPem: pki.caCertPem,
    serverCertPem: pki.serverCertPem,
    serverKeyPem: pki.serverKeyPem,
    caFile,
  };
}

/** A self-signed RSA certificate and key (PEM), e.g. an app credential for ClientCertificateCredential in tests. */
export async function createSelfSignedCertificate(
  commonName: string,
): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(rsa, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    ...validity(),
    keys,
    signingAlgorithm: rsa,
  });
  return { certPem: cert.toString('pem'), keyPem: await pkcs8Pem(keys.privateKey) };
}

/** SHA-1 and SHA-256 thumbprints of a PEM certificate, base64url (as `x5t` / `x5t#S256`) and hex. */
export async function thumbprints(
  certPem: string,
): Promise<{ x5t: string; x5tS256: string; sha1Hex: string; sha256Hex: string }> {
  const cert = new x509.X509Certificate(certPem);
  const sha1 = Buffer.from(await cert.getThumbprint('SHA-1'));
  const sha256 = Buffer.from(await cert.getThumbprint('SHA-256'));
  return {
    x5t: sha1.toString('base64url'),
    x5tS256: sha256.toString('base64url'),
    sha1Hex: sha1.toString('hex'),
    sha256Hex: sha256.toString('hex'),
  };
}
