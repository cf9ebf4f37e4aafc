/**
 * The route table: every route of every registered module, mounted under its surface's prefix
 * and matched case-insensitively (Graph and ARM paths are case-insensitive).
 */
import FindMyWay from 'find-my-way';
import { requiredGraphRoles } from '../graph/permissions.js';
import type { GraphVersion, HttpMethod, RouteDef, RouteModule, Surface } from './types.js';

/** A matched route. */
export interface RouteMatch {
  def: RouteDef;
  params: Record<string, string>;
  /** Graph version for Graph routes. */
  version: GraphVersion | undefined;
  /** The permissions the route needs (Graph routes). */
  graphRoles: readonly string[] | undefined;
}

interface Mounted {
  def: RouteDef;
  version: GraphVersion | undefined;
  graphRoles: readonly string[] | undefined;
}

/** Path prefixes of the surfaces. */
export const surfacePrefix: Record<Surface, string> = {
  graph: '/graph',
  arm: '/arm',
  loganalytics: '/loganalytics',
  identity: '',
  control: '',
};

/** The surface a request path belongs to (identity is anything not under another prefix). */
export function surfaceOf(path: string): Surface {
  const p = path.toLowerCase();
  if (p.startsWith('/graph/')) return 'graph';
  if (p === '/arm' || p.startsWith('/arm/')) return 'arm';
  if (p.startsWith('/loganalytics/')) return 'loganalytics';
  if (p.startsWith('/_emulator/')) return 'control';
  return 'identity';
}

/** A router over a list of route modules. */
export class Router {
  private readonly fmw = FindMyWay({ caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2000 });

  constructor(modules: readonly RouteModule[]) {
    for (const module of modules) {
      for (const def of module.routes) {
        if (def.surface === 'graph') {
          const graphRoles = requiredGraphRoles(def.method, def.path);
          if (!graphRoles) {
            throw new Error(
              `route module ${module.name}: Graph route "${def.method} ${def.path}" has no row in emulator/src/graph/permissions.ts`,
            );
          }
          for (const version of def.versions ?? (['v1.0', 'beta'] as const))
            this.mount(module, def, `/graph/${version}${def.path}`, { def, version, graphRoles });
        } else {
          this.mount(module, def, `${surfacePrefix[def.surface]}${def.path}`, {
            def,
            version: undefined,
            graphRoles: undefined,
          });
        }
      }
    }
  }

  private mount(module: RouteModule, def: RouteDef, path: string, mounted: Mounted): void {
    try {
      this.fmw.on(def.method, path, () => undefined, mounted);
    } catch (err) {
      throw new Error(
        `route module ${module.name}: cannot register ${def.method} ${path}: ${(err as Error).message}`,
      );
    }
  }

  /** Finds the route for a method and path (no query string). */
  find(method: string, path: string): RouteMatch | undefined {
    const found = this.fmw.find(method.toUpperCase() as HttpMethod, path);
    if (!found) return undefined;
    const mounted = found.store as Mounted;
    return {
      def: mounted.def,
      params: { ...found.params } as Record<string, string>,
      version: mounted.version,
      graphRoles: mounted.graphRoles,
    };
  }

  /** True when some other method serves this path (so the answer is 405, not 404). */
  pathExists(path: string): boolean {
    return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).some((m) => this.fmw.find(m, path) !== null);
  }
}
