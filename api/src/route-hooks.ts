import type { RouteOptions } from 'fastify';

type HookName = 'preValidation' | 'preHandler' | 'onSend' | 'onRequestAbort';

/**
 * Adds a hook to one route (from an `onRoute` hook) after the route's own hooks of that kind. Plugins
 * that only concern some routes (POSTs, guarded writes) attach their hooks this way: a global hook runs,
 * and costs a promise, on every request, including each type-ahead search.
 */
export function addRouteHook(route: RouteOptions, name: HookName, hook: (...args: never[]) => unknown): void {
  const existing = route[name] as unknown;
  const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  (route as unknown as Record<HookName, unknown[]>)[name] = [...hooks, hook];
}

/** The HTTP methods a route answers. */
export const routeMethods = (route: RouteOptions): string[] => ([] as string[]).concat(route.method);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a request to the route may carry a body (Fastify then parses it, by its Content-Type). */
export const mayCarryBody = (route: RouteOptions): boolean =>
  routeMethods(route).some((method) => BODY_METHODS.has(method));
