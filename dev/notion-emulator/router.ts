import type { ApiHandler } from './context';

/** One Notion endpoint: its method, path template and handler. */
export interface Route {
  method: string;
  template: string;
  /** The name used in the request log and the per-route counts. */
  name: string;
  pattern: RegExp;
  keys: string[];
  handler: ApiHandler;
}

/** The result of looking a request up. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong_method' }
  | { kind: 'unknown' };

/** A route from a template such as `/v1/pages/:page_id`. */
export function route(method: string, template: string, handler: ApiHandler): Route {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) {
        return segment;
      }
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return {
    method,
    template,
    name: `${method} ${template}`,
    pattern: new RegExp(`^${source}/?$`),
    keys,
    handler,
  };
}

/** Finds the route for a method and a raw (still percent-encoded) path. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let isPathKnown = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (found === null) {
      continue;
    }
    if (candidate.method !== method) {
      isPathKnown = true;
      continue;
    }
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, index) => {
      params[key] = found[index + 1] ?? '';
    });
    return { kind: 'found', route: candidate, params };
  }
  return isPathKnown ? { kind: 'wrong_method' } : { kind: 'unknown' };
}
