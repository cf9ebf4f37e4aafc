/**
 * Where each Microsoft service lives in each cloud, and the token scope each one expects.
 *
 * Sources: api-facts §5 (sovereign clouds) and the Azure CLI's built-in cloud table
 * (`log_analytics_resource_id`). Scopes use the resource URI + `/.default` (client-credentials and
 * device-code flows both accept that form). The emulator serves everything from one base URL by
 * path prefix (docs/architecture.md) and issues tokens for the *public* cloud's audiences, so it
 * shares the public scopes: the credential code cannot tell it from Microsoft.
 */

/** The clouds a tenant can live in (`tenant.cloud` in breakglass.yaml). */
export type CloudName = 'global' | 'usgov' | 'china';

/** The services breakglass talks to. */
export type ServiceName = 'graph' | 'arm' | 'logAnalytics';

/** Base URLs (no trailing slash, no API version) and token scopes of one cloud or emulator. */
export interface Endpoints {
  /** `global`, `usgov`, `china`, or `emulator`. */
  readonly cloud: CloudName | 'emulator';
  /** Microsoft identity platform host (`authorityHost` for `@azure/identity`). */
  readonly authorityHost: string;
  /** Microsoft Graph root; requests go to `${graph}/v1.0/...` or `${graph}/beta/...`. */
  readonly graph: string;
  /** Azure Resource Manager root. */
  readonly arm: string;
  /** Log Analytics query API root; the query API itself is under `${logAnalytics}/v1`. */
  readonly logAnalytics: string;
  /** The `.default` scope to request a token for each service. */
  readonly scopes: Readonly<Record<ServiceName, string>>;
}

const publicScopes = {
  graph: 'https://graph.microsoft.com/.default',
  arm: 'https://management.azure.com/.default',
  logAnalytics: 'https://api.loganalytics.io/.default',
} as const;

/** The endpoint sets of Microsoft's clouds, as data. */
export const CLOUDS: Readonly<Record<CloudName, Endpoints>> = {
  global: {
    cloud: 'global',
    authorityHost: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    arm: 'https://management.azure.com',
    logAnalytics: 'https://api.loganalytics.io',
    scopes: publicScopes,
  },
  // GCC High / DoD share login and ARM; DoD has its own Graph host (dod-graph.microsoft.us), which
  // we do not model: GCC High is the US Government cloud breakglass targets.
  usgov: {
    cloud: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    arm: 'https://management.usgovcloudapi.net',
    logAnalytics: 'https://api.loganalytics.us',
    scopes: {
      graph: 'https://graph.microsoft.us/.default',
      arm: 'https://management.usgovcloudapi.net/.default',
      logAnalytics: 'https://api.loganalytics.us/.default',
    },
  },
  china: {
    cloud: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    arm: 'https://management.chinacloudapi.cn',
    logAnalytics: 'https://api.loganalytics.azure.cn',
    scopes: {
      graph: 'https://microsoftgraph.chinacloudapi.cn/.default',
      arm: 'https://management.chinacloudapi.cn/.default',
      logAnalytics: 'https://api.loganalytics.azure.cn/.default',
    },
  },
};

/** The names accepted by `--cloud`, in help order. */
export const CLOUD_NAMES: readonly CloudName[] = ['global', 'usgov', 'china'];

/** Whether a string names a cloud. */
export function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as readonly string[]).includes(value);
}

/**
 * The endpoints of an emulator at `baseUrl` (e.g. `https://127.0.0.1:8443`): one base URL, one
 * path prefix per service, public-cloud scopes.
 */
export function emulatorEndpoints(baseUrl: string): Endpoints {
  const base = stripTrailingSlash(baseUrl);
  return {
    cloud: 'emulator',
    authorityHost: base,
    graph: `${base}/graph`,
    arm: `${base}/arm`,
    logAnalytics: `${base}/loganalytics`,
    scopes: publicScopes,
  };
}

/**
 * Which service a URL belongs to, or undefined for any other host or path. The pipeline uses it to
 * pick the token scope, and to send no token at all to a URL outside the connection's endpoints
 * (an `@odata.nextLink` is followed verbatim, so this is where a foreign host would be caught).
 */
export function serviceForUrl(endpoints: Endpoints, url: string): ServiceName | undefined {
  const services: ServiceName[] = ['graph', 'arm', 'logAnalytics'];
  // Longest root first: in the emulator all three share a host and differ only by path prefix.
  const byLength = services.sort((a, b) => endpoints[b].length - endpoints[a].length);
  const lower = url.toLowerCase();
  return byLength.find((service) => {
    const root = endpoints[service].toLowerCase();
    return lower === root || lower.startsWith(`${root}/`) || lower.startsWith(`${root}?`);
  });
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
