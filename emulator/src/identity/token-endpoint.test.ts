import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { createSelfSignedCertificate } from '../pki/certificates.js';
import { minimalTenant } from '../tenant/minimal.js';
import { startTestEmulator, type TestEmulator } from '../test-support.js';

const secretApp = {
  displayName: 'secret app',
  clientId: '11111111-1111-4111-8111-111111111111',
  clientSecret: 'correct~horse.battery_staple',
  graphRoles: ['User.Read.All'],
  default: true,
};
const certClientId = '22222222-2222-4222-8222-222222222222';

describe('token endpoint with the real @azure/identity', () => {
  let t: TestEmulator;
  let cert: { certPem: string; keyPem: string };
  let otherCert: { certPem: string; keyPem: string };

  before(async () => {
    cert = await createSelfSignedCertificate('breakglass test app');
    otherCert = await createSelfSignedCertificate('unregistered');
    const doc = minimalTenant(7);
    doc.emulator = {
      apps: [
        secretApp,
        {
          displayName: 'cert app',
          clientId: certClientId,
          certificates: [cert.certPem],
          graphRoles: ['Policy.Read.All', 'AuditLog.Read.All'],
        },
      ],
    };
    t = await startTestEmulator({ tenant: doc });
  });
  after(() => t.close());

  const options = () => ({
    authorityHost: t.emulator.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: t.emulator.caCertPem },
  });

  it('ClientSecretCredential gets a Graph token with tid, aud, roles, appid', async () => {
    const credential = new ClientSecretCredential(
      t.tenantId,
      secretApp.clientId,
      secretApp.clientSecret,
      options(),
    );
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    const claims = decodeJwt(token.token);
    assert.equal(claims.tid, t.tenantId);
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    assert.equal(claims.appid, secretApp.clientId);
    assert.deepEqual(claims.roles, ['User.Read.All']);
    assert.ok(typeof claims.oid === 'string' && claims.oid.length > 0);
    assert.ok(token.expiresOnTimestamp > Date.now());
  });

  it('a token for ARM has the ARM audience and no Graph roles', async () => {
    const credential = new ClientSecretCredential(
      t.tenantId,
      secretApp.clientId,
      secretApp.clientSecret,
      options(),
    );
    const claims = decodeJwt((await credential.getToken('https://management.azure.com/.default')).token);
    assert.equal(claims.aud, 'https://management.azure.com');
    assert.deepEqual(claims.roles, []);
  });

  it('the tenant can be named by its initial domain', async () => {
    const credential = new ClientSecretCredential(
      'contoso.onmicrosoft.com',
      secretApp.clientId,
      secretApp.clientSecret,
      options(),
    );
    const claims = decodeJwt((await credential.getToken('https://graph.microsoft.com/.default')).token);
    assert.equal(claims.tid, t.tenantId);
  });

  it('ClientCertificateCredential gets a token with an assertion signed by the registered certificate', async () => {
    const credential = new ClientCertificateCredential(
      t.tenantId,
      certClientId,
      { certificate: `${cert.keyPem}\n${cert.certPem}` },
      options(),
    );
    const claims = decodeJwt((await credential.getToken('https://graph.microsoft.com/.default')).token);
    assert.equal(claims.appid, certClientId);
    assert.equal(claims.appidacr, '2');
    assert.deepEqual(claims.roles, ['Policy.Read.All', 'AuditLog.Read.All']);
  });

  it('a certificate that is not registered for the app is refused with AADSTS700027', async () => {
    const credential = new ClientCertificateCredential(
      t.tenantId,
      certClientId,
      { certificate: `${otherCert.keyPem}\n${otherCert.certPem}` },
      options(),
    );
    await assert.rejects(credential.getToken('https://graph.microsoft.com/.default'), /AADSTS700027/);
  });

  it('a wrong secret is refused with AADSTS7000215', async () => {
    const credential = new ClientSecretCredential(
      t.tenantId,
      secretApp.clientId,
      'not-the-secret',
      options(),
    );
    await assert.rejects(credential.getToken('https://graph.microsoft.com/.default'), /AADSTS7000215/);
  });
});

describe('token endpoint errors (raw HTTP)', () => {
  let t: TestEmulator;
  before(async () => {
    const doc = minimalTenant(8);
    doc.emulator = { apps: [secretApp] };
    t = await startTestEmulator({ tenant: doc });
  });
  after(() => t.close());

  const form = (fields: Record<string, string>) => ({
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const good = {
    grant_type: 'client_credentials',
    client_id: secretApp.clientId,
    client_secret: secretApp.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  };

  const cases: {
    name: string;
    tenant?: string;
    change: Record<string, string>;
    status: number;
    error: string;
    aadsts: number;
  }[] = [
    {
      name: 'bad secret',
      change: { client_secret: 'nope' },
      status: 401,
      error: 'invalid_client',
      aadsts: 7000215,
    },
    {
      name: 'unknown client',
      change: { client_id: '33333333-3333-4333-8333-333333333333' },
      status: 400,
      error: 'unauthorized_client',
      aadsts: 700016,
    },
    {
      name: 'unknown tenant',
      tenant: '44444444-4444-4444-8444-444444444444',
      change: {},
      status: 400,
      error: 'invalid_request',
      aadsts: 90002,
    },
    {
      name: 'scope without /.default',
      change: { scope: 'https://graph.microsoft.com/User.Read.All' },
      status: 400,
      error: 'invalid_scope',
      aadsts: 1002012,
    },
    {
      name: 'unknown resource',
      change: { scope: 'https://example.com/.default' },
      status: 400,
      error: 'invalid_resource',
      aadsts: 500011,
    },
    {
      name: 'other grant type',
      change: { grant_type: 'password' },
      status: 400,
      error: 'unsupported_grant_type',
      aadsts: 70003,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.error} AADSTS${c.aadsts}`, async () => {
      const res = await t.call(
        'POST',
        `/${c.tenant ?? t.tenantId}/oauth2/v2.0/token`,
        form({ ...good, ...c.change }),
      );
      assert.equal(res.status, c.status);
      assert.equal(res.body.error, c.error);
      assert.deepEqual(res.body.error_codes, [c.aadsts]);
      assert.match(res.body.error_description, new RegExp(`^AADSTS${c.aadsts}: .*Trace ID: `, 's'));
      assert.ok(!res.text.includes(secretApp.clientSecret), 'the secret is never echoed');
    });
  }

  it('the good request gets a bearer token', async () => {
    const res = await t.call('POST', `/${t.tenantId}/oauth2/v2.0/token`, form(good));
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.ok(res.body.expires_in > 3000);
  });
});
