/**
 * Raw ARM list reads with paging. The collector keeps resources exactly as ARM returns them (the
 * snapshot is an archive and the emulator's seed), which the SDK clients' flattened models would
 * not, so lists go through `armRequest` and follow `nextLink` themselves.
 */
import { armRequest } from '../clients/arm.js';
import type { Connection } from '../clients/connection.js';

/** Every item of an ARM collection, following `nextLink` until there is none. */
export async function armList<T>(
  connection: Connection,
  path: string,
  apiVersion: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  let next: { path: string; apiVersion: string } | undefined = { path, apiVersion };
  while (next) {
    const body: { value?: T[]; nextLink?: string } | undefined = await armRequest(
      connection,
      'GET',
      next.path,
      {
        apiVersion: next.apiVersion,
        signal,
      },
    );
    items.push(...(body?.value ?? []));
    next = body?.nextLink ? relativeNextLink(body.nextLink, connection.endpoints.arm) : undefined;
  }
  return items;
}

/**
 * A nextLink as `armRequest` takes it: the path (and other query parameters) below the ARM root,
 * with the api-version split out because `armRequest` adds it itself.
 */
export function relativeNextLink(nextLink: string, armRoot: string): { path: string; apiVersion: string } {
  const url = new URL(nextLink);
  const root = new URL(armRoot);
  const rootPath = root.pathname.replace(/\/$/, '');
  if (url.origin !== root.origin || !url.pathname.startsWith(rootPath)) {
    throw new Error(
      `ARM nextLink ${url.origin}${url.pathname} is outside ${armRoot}; refusing to send a token there`,
    );
  }
  const apiVersion = url.searchParams.get('api-version') ?? '';
  url.searchParams.delete('api-version');
  const query = url.searchParams.toString();
  return { path: `${url.pathname.slice(rootPath.length)}${query ? `?${query}` : ''}`, apiVersion };
}
