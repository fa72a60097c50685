import 'server-only';
/**
 * The one pipeline behind every server action, whatever shape it answers in (safe-action.ts):
 * same-origin check (CSRF) → the arguments are the shape the caller sends, else a clear refusal
 * → who is acting, against what the action needs (lib/auth/access-table.ts, judged by
 * lib/auth/assurance.ts) → parse with zod → the handler, which calls one lib function. Only
 * expected errors (AppError) reach the page; anything else is logged with a reference. Nothing a
 * client sends makes it answer 500. Each stop is returned as a stage; the shape words it.
 */
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ACTIONS } from '../auth/access-table';
import { sudoProofOf, type AssuranceVerdict } from '../auth/assurance';
import { checkAccess } from '../auth/current-session';
import { isSudoRequired } from '../auth/sudo';
import { getEnv } from '../config';
import { isAppError } from '../errors';
import { getRequestMeta } from '../http/request-meta';
import type { RequestMeta } from '../http/request-meta-types';
import { isSameOriginPost } from '../http/same-origin';
import type { SessionUser, ValidSession } from '../sessions/validate-session';
import { actorOf, type Actor } from './actor';
import { CROSS_ORIGIN_MESSAGE } from './cross-origin-message';
import type { Reauth } from './form-state';
import { ENROLL_MESSAGE, MALFORMED_MESSAGE, NOT_ADMIN_MESSAGE, SECOND_FACTOR_MESSAGE, SESSION_ENDED_MESSAGE, SUDO_MESSAGE } from './refusals';

export type PublicContext = { meta: RequestMeta };
export type UserContext = PublicContext & {
  user: SessionUser;
  /** The signed-in user as the actor of what the action does. */
  actor: Actor;
  session: ValidSession;
  /** The session is in sudo mode now: pass it to use cases that need it only for some inputs (lib/auth/sudo.ts). */
  sudo: boolean;
};
export type Ctx<R> = R extends 'public' ? PublicContext : UserContext;

/** What the person is told when the assurance model refuses, and whether re-proving would help. */
function refusalOf(verdict: Exclude<AssuranceVerdict, { ok: true }>): { message: string; reauth?: Reauth } {
  switch (verdict.need) {
    case 'sign-in':
      return { message: SESSION_ENDED_MESSAGE };
    case 'not-found':
      return { message: NOT_ADMIN_MESSAGE };
    case 'second-factor':
      return { message: SECOND_FACTOR_MESSAGE, reauth: 'factor' };
    case 'enroll-factor':
      return { message: ENROLL_MESSAGE };
    case 'sudo':
      return { message: SUDO_MESSAGE, reauth: verdict.prove };
  }
}

async function sameOrigin(): Promise<boolean> {
  const h = await headers();
  return isSameOriginPost({ origin: h.get('origin'), host: h.get('x-forwarded-host') ?? h.get('host'), portalUrl: getEnv().url });
}

type Outcome<C> = { ok: true; ctx: C } | { ok: false; message: string; reauth?: Reauth };

/** Who is acting, judged against the action's requirement: before the input is looked at. */
async function authorize(key: keyof typeof ACTIONS): Promise<Outcome<PublicContext | UserContext>> {
  const meta = await getRequestMeta();
  const requirement = ACTIONS[key];
  if (requirement === 'public') return { ok: true, ctx: { meta } };
  const { verdict, signedIn, sudo } = await checkAccess(requirement);
  if (!verdict.ok) return { ok: false, ...refusalOf(verdict) };
  if (!signedIn) return { ok: false, message: SESSION_ENDED_MESSAGE };
  return { ok: true, ctx: { meta, user: signedIn.user, actor: actorOf(signedIn.user), session: signedIn.session, sudo } };
}

function failure(error: unknown, ctx: PublicContext | UserContext | null): { message: string; field?: string; reauth?: Reauth } {
  if (isSudoRequired(error)) return { message: SUDO_MESSAGE, reauth: ctx && 'user' in ctx ? sudoProofOf({ hasFactor: ctx.user.hasSecondFactor }) : 'factor' };
  if (isAppError(error)) return { message: error.userMessage, field: error.field };
  const reference = randomBytes(4).toString('hex');
  console.error(`[gatehouse] action failed (ref ${reference}):`, error);
  return { message: `Something went wrong on our side (reference ${reference}). Try again in a moment.` };
}

/** Where the pipeline stopped, for the shape to word. */
export type Stop =
  | { stage: 'cross-origin' | 'malformed'; message: string }
  | { stage: 'refused'; message: string; reauth?: Reauth }
  | { stage: 'invalid'; error: z.ZodError }
  | { stage: 'failed'; message: string; field?: string; reauth?: Reauth };
export type Run<T> = { ok: true; value: T } | ({ ok: false } & Stop);

/**
 * Runs one call through the pipeline. `read` turns the arguments into the raw input, or `null`
 * when they are not what the caller sends at all (checked before anyone is asked who is acting,
 * so a non-admin learns nothing about an admin form's fields).
 */
export async function runPipeline<K extends keyof typeof ACTIONS, S extends z.ZodType, T>(
  key: K,
  schema: S,
  read: () => { input: unknown } | null,
  handler: (input: z.output<S>, ctx: Ctx<(typeof ACTIONS)[K]>) => Promise<T>,
): Promise<Run<T>> {
  let ctx: PublicContext | UserContext | null = null;
  try {
    if (!(await sameOrigin())) return { ok: false, stage: 'cross-origin', message: CROSS_ORIGIN_MESSAGE };
    const raw = read();
    if (!raw) return { ok: false, stage: 'malformed', message: MALFORMED_MESSAGE };
    const auth = await authorize(key);
    if (!auth.ok) return { ok: false, stage: 'refused', message: auth.message, ...(auth.reauth ? { reauth: auth.reauth } : {}) };
    ctx = auth.ctx;
    const parsed = schema.safeParse(raw.input);
    if (!parsed.success) return { ok: false, stage: 'invalid', error: parsed.error };
    return { ok: true, value: await handler(parsed.data, ctx as Ctx<(typeof ACTIONS)[K]>) };
  } catch (error) {
    unstable_rethrow(error);
    return { ok: false, stage: 'failed', ...failure(error, ctx) };
  }
}
