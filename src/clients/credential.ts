/**
 * Choosing an `@azure/identity` credential from explicit options or the usual environment
 * variables. Against the emulator the very same classes run; only `authorityHost`, instance
 * discovery (off for a non-Microsoft authority) and the trusted CA (`tlsOptions.ca`) differ.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { TlsSettings } from '@azure/core-rest-pipeline';
import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type DeviceCodeInfo,
} from '@azure/identity';
import { UsageError } from '../errors.js';

/**
 * breakglass's own public-client app registration, used for device-code sign-in when the user
 * names no app. We do not fall back to the Azure CLI's first-party app (DeviceCodeCredential's
 * default): it is not pre-authorised for `Policy.*` scopes, so it cannot read or manage Conditional
 * Access (api-facts §0.5). Organisations should register their own app (public client, device code
 * flow allowed, the delegated permissions `breakglass` lists) and set `AZURE_CLIENT_ID` to it.
 */
export const BREAKGLASS_PUBLIC_CLIENT_ID = '0974adfa-70d1-48e6-8db3-d0ef31aab461';

/** The ways to authenticate, in the order they are tried when none is named. */
export const CREDENTIAL_KINDS = [
  'client-secret',
  'client-certificate',
  'workload-identity',
  'managed-identity',
  'azure-cli',
  'device-code',
] as const;

/** One way to authenticate. */
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Everything a credential can be built from; unset fields come from the environment. */
export interface CredentialOptions {
  /** Which credential; when unset, the first whose settings are present (see `chooseCredentialKind`). */
  readonly kind?: CredentialKind;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** PEM file holding the certificate and its private key. */
  readonly certificatePath?: string;
  /** The same as PEM text (certificate + private key). */
  readonly certificatePem?: string;
  readonly certificatePassword?: string;
  /** File with the federated (OIDC) token for workload identity. */
  readonly federatedTokenFile?: string;
  /** Client id of a user-assigned managed identity (default: `clientId`). */
  readonly managedIdentityClientId?: string;
}

/** Where the credential talks to and what it trusts. */
export interface CredentialTarget {
  readonly authorityHost: string;
  readonly tlsOptions?: TlsSettings;
  /** True for an authority Microsoft does not know (the emulator). */
  readonly disableInstanceDiscovery?: boolean;
  /** Shows the device-code prompt; defaults to stderr so reports on stdout stay clean. */
  readonly prompt?: (message: string) => void;
}

/** A credential and how it was chosen (for `--verbose` and error messages; never a secret). */
export interface ChosenCredential {
  readonly credential: TokenCredential;
  readonly kind: CredentialKind;
  readonly tenantId: string;
  readonly clientId?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The usual `@azure/identity` environment variables, plus `BREAKGLASS_AUTH` to name the kind. */
export function credentialOptionsFromEnv(env: Env = process.env): CredentialOptions {
  const kind = env.BREAKGLASS_AUTH?.trim();
  if (kind && !(CREDENTIAL_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`BREAKGLASS_AUTH=${kind} is not one of ${CREDENTIAL_KINDS.join(', ')}`);
  }
  return dropUndefined({
    kind: kind as CredentialKind | undefined,
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
    certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
    certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD,
    federatedTokenFile: env.AZURE_FEDERATED_TOKEN_FILE,
  });
}

/** Explicit options win over the environment, field by field. */
export function mergeCredentialOptions(
  explicit: CredentialOptions,
  fromEnv: CredentialOptions,
): CredentialOptions {
  return { ...fromEnv, ...dropUndefined(explicit) };
}

/**
 * The credential kind the options call for, or undefined when nothing is configured. Pure: the
 * environment's managed-identity markers are passed in.
 */
export function chooseCredentialKind(
  options: CredentialOptions,
  env: Env = process.env,
): CredentialKind | undefined {
  if (options.kind) return options.kind;
  if (options.clientId && options.clientSecret) return 'client-secret';
  if (options.clientId && (options.certificatePath || options.certificatePem)) return 'client-certificate';
  if (options.clientId && options.federatedTokenFile) return 'workload-identity';
  if (env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT) return 'managed-identity';
  return undefined;
}

/** Whether any credential is configured (explicitly or by environment). */
export function hasConfiguredCredential(options: CredentialOptions, env: Env = process.env): boolean {
  return chooseCredentialKind(options, env) !== undefined;
}

/**
 * Builds the credential. `kind` defaults to `chooseCredentialKind`; with nothing configured the
 * fallback is device code when a person is at the terminal, otherwise a `UsageError` saying what to
 * set.
 */
export function createCredential(
  options: CredentialOptions,
  target: CredentialTarget,
  env: Env = process.env,
): ChosenCredential {
  const tenantId = options.tenantId;
  if (!tenantId) throw new UsageError('no tenant id: pass --tenant or set AZURE_TENANT_ID');
  const kind =
    chooseCredentialKind(options, env) ??
    (process.stdin.isTTY && process.stderr.isTTY ? 'device-code' : undefined);
  if (!kind) {
    throw new UsageError(
      'no credential configured: set AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, ' +
        `or BREAKGLASS_AUTH=${CREDENTIAL_KINDS.slice(2).join('|')}`,
    );
  }
  const common = {
    authorityHost: target.authorityHost,
    tlsOptions: target.tlsOptions,
    disableInstanceDiscovery: target.disableInstanceDiscovery,
  };
  const need = (value: string | undefined, what: string): string => {
    if (!value) throw new UsageError(`${kind} sign-in needs ${what}`);
    return value;
  };
  switch (kind) {
    case 'client-secret': {
      const clientId = need(options.clientId, 'a client id (AZURE_CLIENT_ID)');
      const secret = need(options.clientSecret, 'a client secret (AZURE_CLIENT_SECRET)');
      return {
        kind,
        tenantId,
        clientId,
        credential: new ClientSecretCredential(tenantId, clientId, secret, common),
      };
    }
    case 'client-certificate': {
      const clientId = need(options.clientId, 'a client id (AZURE_CLIENT_ID)');
      const certificatePassword = options.certificatePassword;
      const credential = options.certificatePem
        ? new ClientCertificateCredential(
            tenantId,
            clientId,
            { certificate: options.certificatePem, certificatePassword },
            common,
          )
        : new ClientCertificateCredential(
            tenantId,
            clientId,
            {
              certificatePath: need(options.certificatePath, 'a certificate (AZURE_CLIENT_CERTIFICATE_PATH)'),
              certificatePassword,
            },
            common,
          );
      return { kind, tenantId, clientId, credential };
    }
    case 'workload-identity': {
      const clientId = need(options.clientId, 'a client id (AZURE_CLIENT_ID)');
      const tokenFilePath = need(
        options.federatedTokenFile,
        'a federated token file (AZURE_FEDERATED_TOKEN_FILE)',
      );
      return {
        kind,
        tenantId,
        clientId,
        credential: new WorkloadIdentityCredential({ ...common, tenantId, clientId, tokenFilePath }),
      };
    }
    case 'managed-identity': {
      // The identity endpoint is the host's (IMDS, App Service…), not the authority.
      // A user-assigned identity is named by its client id (AZURE_CLIENT_ID, as @azure/identity reads it).
      const clientId = options.managedIdentityClientId ?? options.clientId;
      const credential = clientId
        ? new ManagedIdentityCredential({ clientId, tlsOptions: target.tlsOptions })
        : new ManagedIdentityCredential({ tlsOptions: target.tlsOptions });
      return { kind, tenantId, clientId, credential };
    }
    case 'azure-cli':
      // The Azure CLI's own app: reads work, Conditional Access writes do not (api-facts §0.5).
      return { kind, tenantId, credential: new AzureCliCredential({ tenantId }) };
    case 'device-code': {
      const clientId = options.clientId ?? BREAKGLASS_PUBLIC_CLIENT_ID;
      const prompt = target.prompt ?? ((message: string) => process.stderr.write(`${message}\n`));
      const credential = new DeviceCodeCredential({
        ...common,
        tenantId,
        clientId,
        userPromptCallback: (info: DeviceCodeInfo) => prompt(info.message),
      });
      return { kind, tenantId, clientId, credential };
    }
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
