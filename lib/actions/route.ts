import 'server-only';
/**
 * The pipeline of a route handler, beside the actions' (pipeline.ts): the route asks for its own
 * key in the access table first (`authorizeRoute`, lib/auth/current-session.ts: anyone the key
 * does not admit gets the same 404, or the redirect to prove a factor again, as before); then
 * the handler runs with who is acting and the request's meta. An AppError answers its status and
 * message as plain text; anything else is logged with a reference and answers an empty 500.
 */
import { unstable_rethrow } from 'next/navigation';
import { randomBytes } from 'node:crypto';
import { isAppError } from '../errors';
import { getRequestMeta } from '../http/request-meta';
import type { RequestMeta } from '../http/request-meta-types';
import type { SessionUser } from '../sessions/validate-session';
import { actorOf, type Actor } from './actor';

/** What `authorizeRoute` answers for a signed-in requirement. */
export type RouteAccess = { ok: true; signedIn: { user: SessionUser } } | { ok: false; response: Response };
export type RouteContext<P> = { request: Request; params: P; user: SessionUser; actor: Actor; meta: RequestMeta };
type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * A route handler for signed-in callers:
 * `export const GET = route((request) => authorizeRoute('<its key>', request), async ({ actor }) => …)`.
 */
export function route<P extends object = object>(
  authorize: (request: Request) => Promise<RouteAccess>,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
): RouteHandler<P> {
  return async (request, context) => {
    try {
      const access = await authorize(request);
      if (!access.ok) return access.response;
      const { user } = access.signedIn;
      return await handler({ request, params: await context.params, user, actor: actorOf(user), meta: await getRequestMeta() });
    } catch (error) {
      unstable_rethrow(error);
      if (isAppError(error)) return new Response(error.userMessage, { status: error.status, headers: TEXT });
      console.error(`[gatehouse] route failed (ref ${randomBytes(4).toString('hex')}):`, error);
      return new Response(null, { status: 500 });
    }
  };
}
