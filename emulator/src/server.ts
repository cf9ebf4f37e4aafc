/**
 * The emulator's HTTPS server: TLS with the emulator's own CA, request bodies, latency, dropped
 * connections, and writing what the dispatcher rendered. Everything else happens in
 * {@link Dispatcher}.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyMs, shouldDrop } from './faults/inject.js';
import type { FaultSpec } from './faults/spec.js';
import { Dispatcher } from './http/dispatch.js';
import { Router, surfaceOf } from './http/router.js';
import type { RouteModule, Surface } from './http/types.js';
import { loadOrCreateSigningKey } from './identity/signing-key.js';
import { loadOrCreatePki } from './pki/certificates.js';
import { routeModules } from './routes.js';
import { attachMonitoring } from './monitoring/engine.js';
import { EmulatorState } from './state.js';

/** How to start an emulator. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Where the CA, server certificate and signing key live; default a new temp dir removed on close. */
  dataDir?: string;
  /** Tenant documents to load (already parsed JSON). */
  tenants?: unknown[];
  /** Initial fault configuration. */
  faults?: Partial<FaultSpec>;
  /** Seed of generated ids, default apps and faults (default 42). */
  seed?: number;
  /** Route modules to serve (default: the registry in routes.ts). */
  modules?: readonly RouteModule[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Path of the CA certificate (PEM) clients must trust. */
  caFile: string;
  caCertPem: string;
  dataDir: string;
  state: EmulatorState;
  /** Stops listening, closes open connections, removes a temp data dir. */
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024 * 1024;

const contentTypes: Record<Surface, string> = {
  graph: 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  arm: 'application/json; charset=utf-8',
  loganalytics: 'application/json; charset=utf-8',
  identity: 'application/json; charset=utf-8',
  control: 'application/json; charset=utf-8',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), 'breakglass-emulator-')));
  const pki = await loadOrCreatePki(dataDir);
  const signingKey = await loadOrCreateSigningKey(dataDir);
  const state = new EmulatorState(options.seed ?? 42, pki, signingKey, options.faults ?? {});
  for (const doc of options.tenants ?? []) state.loadTenant(doc);
  const dispatcher = new Dispatcher(state, new Router(options.modules ?? routeModules));
  state.dispatch = (call) => dispatcher.handle(call);
  // Log ingestion and scheduled alert rules (emulator/src/monitoring).
  const stopMonitoring = attachMonitoring(state);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const surface = surfaceOf(url.pathname);
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const host = req.headers.host;
    const response = await dispatcher.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      requestId: randomUUID(),
      baseUrl: host ? `https://${host}` : state.baseUrl,
    });
    const delay = latencyMs(state, surface);
    if (delay > 0) await sleep(delay);
    // A dropped connection happens after the request took effect: the client cannot tell whether it did.
    if (shouldDrop(state, surface)) {
      req.socket.destroy();
      return;
    }
    const headers = { ...response.headers };
    let payload: string | undefined;
    if (response.body !== undefined && response.status !== 204) {
      payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      headers['content-type'] ??= contentTypes[surface];
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  };

  const server: Server = createServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`emulator: ${(err as Error).stack ?? String(err)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'emulator failure' } }));
    });
  });
  // Idle keep-alive connections stay open for a minute, as a cloud front end keeps them (Node's
  // 5-second default is not Graph's): with 5 s, a client reusing a socket the moment the server
  // closes it got ECONNRESET on a write — a race that only a loaded machine hit, in tests.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  state.baseUrl = url;
  return {
    url,
    port,
    caFile: pki.caFile,
    caCertPem: pki.caCertPem,
    dataDir,
    state,
    close: async () => {
      stopMonitoring();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
