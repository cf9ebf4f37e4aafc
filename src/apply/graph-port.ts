/**
 * The GraphPort of apply, on the product's Graph client: paths may carry an OData query string,
 * which is split off and handed to the client to encode.
 */
import type { GraphClient } from '../clients/graph.js';
import type { GraphPort } from './ports.js';

/** Splits `/users?$filter=…` into the path and its query parameters. */
export function splitQuery(path: string): { path: string; query?: Record<string, string> } {
  const at = path.indexOf('?');
  if (at < 0) return { path };
  return { path: path.slice(0, at), query: Object.fromEntries(new URLSearchParams(path.slice(at + 1))) };
}

export function graphPort(graph: GraphClient): GraphPort {
  const call = <T>(
    path: string,
    run: (p: string, options: { query?: Record<string, string> }) => Promise<T>,
  ) => {
    const { path: bare, query } = splitQuery(path);
    return run(bare, query ? { query } : {});
  };
  return {
    get: (path) => call(path, (p, o) => graph.get(p, o)),
    post: (path, body, options) => call(path, (p, o) => graph.post(p, body, { ...o, ...options })),
    patch: async (path, body) => void (await call(path, (p, o) => graph.patch(p, body, o))),
    delete: (path) => call(path, (p, o) => graph.delete(p, o)),
    directoryObjectUrl: (id) => `${graph.connection.endpoints.graph}/v1.0/directoryObjects/${id}`,
  };
}
