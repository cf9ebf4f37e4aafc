/**
 * What every connection of the process shares to reach its endpoints: one HTTP client, and one TLS
 * settings object per emulator CA. The client's kept-alive agents are keyed by the TLS settings
 * object, so connections — and their token requests — to the same emulator reuse connections
 * instead of paying a TLS handshake each (a fleet audit opens a thousand connections to one
 * emulator). Idle pooled sockets are unreferenced, so they never keep the process alive.
 */
import { createDefaultHttpClient, type HttpClient, type TlsSettings } from '@azure/core-rest-pipeline';

let processHttpClient: HttpClient | undefined;

/** The process-wide HTTP client. */
export function sharedHttpClient(): HttpClient {
  return (processHttpClient ??= createDefaultHttpClient());
}

const tlsSettingsByCa = new Map<string, TlsSettings>();

/** The TLS settings trusting an emulator's CA: one object per CA, so that its connections pool together. */
export function emulatorTlsSettings(caPem: string): TlsSettings {
  let settings = tlsSettingsByCa.get(caPem);
  if (!settings) {
    settings = { ca: caPem };
    tlsSettingsByCa.set(caPem, settings);
  }
  return settings;
}
