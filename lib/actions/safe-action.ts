import 'server-only';
/**
 * The pipeline every form action follows: same-origin check (CSRF) → who is acting (public,
 * user, admin) → parse with zod → the handler, which calls one lib function → a FormState.
 * Only expected errors (AppError) reach the page; anything else is logged with a reference.
 */
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { getCurrentSession } from '../auth/current-session';
import { getEnv } from '../env';
import { isAppError } from '../errors';
import { getRequestMeta } from '../http/request-meta';
import type { RequestMeta } from '../http/request-meta-types';
import { isSameOriginPost } from '../http/same-origin';
import type { SessionUser, ValidSession } from '../sessions/validate-session';
import { CROSS_ORIGIN_MESSAGE } from './cross-origin-message';
import type { CallResult, FormState } from './form-state';

export type PublicContext = { meta: RequestMeta };
export type UserContext = PublicContext & { user: SessionUser; session: ValidSession };

/** Fields whose values are never echoed back into the page. */
const SECRET_FIELD = /password|token|secret|code/i;
/** Longest single field value kept for parsing; zod's own limits give the precise message. */
const FIELD_CAP = 1_100_000;


/** Form fields as an object; a name sent more than once (checkboxes) becomes a list. */
function formToObject(formData: FormData): { input: Record<string, string | string[]>; values: Record<string, string> } {
  const input: Record<string, string | string[]> = {};
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || typeof value !== 'string') continue;
    // One character over the cap is kept, so a schema limit at the cap still sees (and names) an overlong value.
    const text = value.slice(0, FIELD_CAP + 1);
    const previous = input[key];
    input[key] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text].slice(0, 100);
    if (!SECRET_FIELD.test(key)) values[key] = Array.isArray(input[key]) ? (input[key] as string[]).join('\n').slice(0, 2000) : text.slice(0, 20_000);
  }
  return { input, values };
}

type Auth = 'public' | 'user' | 'admin';
type Ctx<A extends Auth> = A extends 'public' ? PublicContext : UserContext;

function makeAction<A extends Auth, S extends z.ZodType>(
  auth: A,
  schema: S,
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<FormState | void>,
) {
  return async (_previous: FormState, formData: FormData): Promise<FormState> => {
    const { input, values } = formToObject(formData);
    try {
      const h = await headers();
      if (!isSameOriginPost({ origin: h.get('origin'), host: h.get('x-forwarded-host') ?? h.get('host'), portalUrl: getEnv().url })) {
        return { status: 'error', message: CROSS_ORIGIN_MESSAGE, values };
      }
      // Who is acting comes before the input: a non-admin learns nothing about an admin form's fields.
      const meta = await getRequestMeta();
      let ctx: PublicContext | UserContext = { meta };
      if (auth !== 'public') {
        const check = await getCurrentSession();
        if (check.status !== 'ok') return { status: 'error', message: 'Your session has ended. Sign in again.', values };
        if (auth === 'admin' && !check.user.isAdmin) return { status: 'error', message: 'Only administrators can do this.', values };
        ctx = { meta, user: check.user, session: check.session };
      }
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'form');
          fieldErrors[field] ??= issue.message;
        }
        return { status: 'error', message: 'Check the highlighted fields.', fieldErrors, values };
      }
      const result = await handler(parsed.data, ctx as Ctx<A>);
      // A refusal keeps what was typed unless the handler said otherwise.
      if (result?.status === 'error' && !result.values) return { ...result, values };
      return result ?? { status: 'success' };
    } catch (error) {
      unstable_rethrow(error);
      if (isAppError(error)) {
        return {
          status: 'error',
          message: error.userMessage,
          fieldErrors: error.field ? { [error.field]: error.userMessage } : undefined,
          values,
        };
      }
      const reference = randomBytes(4).toString('hex');
      console.error(`[gatehouse] action failed (ref ${reference}):`, error);
      return { status: 'error', message: `Something went wrong on our side (reference ${reference}). Try again in a moment.`, values };
    }
  };
}

export const publicAction = <S extends z.ZodType>(schema: S, handler: (input: z.output<S>, ctx: PublicContext) => Promise<FormState | void>) =>
  makeAction('public', schema, handler);
export const userAction = <S extends z.ZodType>(schema: S, handler: (input: z.output<S>, ctx: UserContext) => Promise<FormState | void>) =>
  makeAction('user', schema, handler);
export const adminAction = <S extends z.ZodType>(schema: S, handler: (input: z.output<S>, ctx: UserContext) => Promise<FormState | void>) =>
  makeAction('admin', schema, handler);

/**
 * The same pipeline for actions a client component calls with a value rather than a form (the
 * WebAuthn ceremonies): same-origin check, zod, who is acting, then the handler. Returns
 * `{ ok: false, message }` for expected failures and a generic message for anything else.
 */

function makeCall<A extends Auth, S extends z.ZodType, T>(auth: A, schema: S, handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<T>) {
  return async (raw: unknown): Promise<CallResult<T>> => {
    try {
      const h = await headers();
      if (!isSameOriginPost({ origin: h.get('origin'), host: h.get('x-forwarded-host') ?? h.get('host'), portalUrl: getEnv().url })) {
        return { ok: false, message: CROSS_ORIGIN_MESSAGE };
      }
      const meta = await getRequestMeta();
      let ctx: PublicContext | UserContext = { meta };
      if (auth !== 'public') {
        const check = await getCurrentSession();
        if (check.status !== 'ok') return { ok: false, message: 'Your session has ended. Sign in again.' };
        if (auth === 'admin' && !check.user.isAdmin) return { ok: false, message: 'Only administrators can do this.' };
        ctx = { meta, user: check.user, session: check.session };
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, message: 'The request was malformed. Reload the page and try again.' };
      return { ok: true, value: await handler(parsed.data, ctx as Ctx<A>) };
    } catch (error) {
      unstable_rethrow(error);
      if (isAppError(error)) return { ok: false, message: error.userMessage };
      const reference = randomBytes(4).toString('hex');
      console.error(`[gatehouse] action failed (ref ${reference}):`, error);
      return { ok: false, message: `Something went wrong on our side (reference ${reference}). Try again in a moment.` };
    }
  };
}

export const publicCall = <S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>, ctx: PublicContext) => Promise<T>) => makeCall('public', schema, handler);
export const userCall = <S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>, ctx: UserContext) => Promise<T>) => makeCall('user', schema, handler);
