import 'server-only';
/**
 * The pipeline every server action follows: same-origin check (CSRF) → the arguments are the
 * shape a form (or a call) sends, else a clear refusal → who is acting, against what the action
 * needs (lib/auth/access-table.ts, judged by lib/auth/assurance.ts) → parse with zod → the
 * handler, which calls one lib function → a FormState. Only expected errors (AppError) reach the
 * page; anything else is logged with a reference. Nothing a client sends makes it answer 500.
 *
 * Each action is made with its key in the access table (`file#exportName`, as the build's
 * server-reference manifest names it); the factory only accepts keys of its kind, so an admin
 * action cannot be made with a user's requirement by mistake.
 */
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ACTIONS, type ActionKeyFor } from '../auth/access-table';
import { sudoProofOf, type AssuranceVerdict } from '../auth/assurance';
import { checkAccess } from '../auth/current-session';
import { isSudoRequired } from '../auth/sudo';
import { getEnv } from '../config';
import { isAppError } from '../errors';
import { getRequestMeta } from '../http/request-meta';
import type { RequestMeta } from '../http/request-meta-types';
import { isSameOriginPost } from '../http/same-origin';
import type { SessionUser, ValidSession } from '../sessions/validate-session';
import { CROSS_ORIGIN_MESSAGE } from './cross-origin-message';
import type { CallResult, FormState, Reauth } from './form-state';
import { ENROLL_MESSAGE, MALFORMED_MESSAGE, NOT_ADMIN_MESSAGE, SECOND_FACTOR_MESSAGE, SESSION_ENDED_MESSAGE, SUDO_MESSAGE } from './refusals';

export type PublicContext = { meta: RequestMeta };
export type UserContext = PublicContext & {
  user: SessionUser;
  session: ValidSession;
  /** The session is in sudo mode now: pass it to use cases that need it only for some inputs (lib/auth/sudo.ts). */
  sudo: boolean;
};

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

/** What the person is told when the assurance model refuses, and whether re-proving would help. */
export function refusalOf(verdict: Exclude<AssuranceVerdict, { ok: true }>): { message: string; reauth?: Reauth } {
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
  return { ok: true, ctx: { meta, user: signedIn.user, session: signedIn.session, sudo } };
}

function failure(error: unknown, ctx: PublicContext | UserContext | null): { message: string; field?: string; reauth?: Reauth } {
  if (isSudoRequired(error)) return { message: SUDO_MESSAGE, reauth: ctx && 'user' in ctx ? sudoProofOf({ hasFactor: ctx.user.hasSecondFactor }) : 'factor' };
  if (isAppError(error)) return { message: error.userMessage, field: error.field };
  const reference = randomBytes(4).toString('hex');
  console.error(`[gatehouse] action failed (ref ${reference}):`, error);
  return { message: `Something went wrong on our side (reference ${reference}). Try again in a moment.` };
}

type Ctx<R> = R extends 'public' ? PublicContext : UserContext;

function makeAction<K extends keyof typeof ACTIONS, S extends z.ZodType>(
  key: K,
  schema: S,
  handler: (input: z.output<S>, ctx: Ctx<(typeof ACTIONS)[K]>) => Promise<FormState | void>,
) {
  // React's client calls a form action as (previousState, formData); a hand-made POST may send
  // any argument list at all (none, null, JSON): checked before anything reads it.
  return async (...args: unknown[]): Promise<FormState> => {
    let values: Record<string, string> = {};
    let ctx: PublicContext | UserContext | null = null;
    try {
      if (!(await sameOrigin())) return { status: 'error', message: CROSS_ORIGIN_MESSAGE };
      const formData = args[1];
      if (!(formData instanceof FormData)) return { status: 'error', message: MALFORMED_MESSAGE };
      const form = formToObject(formData);
      values = form.values;
      // Who is acting comes before the input: a non-admin learns nothing about an admin form's fields.
      const auth = await authorize(key);
      if (!auth.ok) return { status: 'error', message: auth.message, values, ...(auth.reauth ? { reauth: auth.reauth } : {}) };
      ctx = auth.ctx;
      const parsed = schema.safeParse(form.input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'form');
          fieldErrors[field] ??= issue.message;
        }
        return { status: 'error', message: 'Check the highlighted fields.', fieldErrors, values };
      }
      const result = await handler(parsed.data, ctx as Ctx<(typeof ACTIONS)[K]>);
      // A refusal keeps what was typed unless the handler said otherwise.
      if (result?.status === 'error' && !result.values) return { ...result, values };
      return result ?? { status: 'success' };
    } catch (error) {
      unstable_rethrow(error);
      const { message, field, reauth } = failure(error, ctx);
      return { status: 'error', message, fieldErrors: field ? { [field]: message } : undefined, values, ...(reauth ? { reauth } : {}) };
    }
  };
}

/**
 * The same pipeline for actions a client component calls with a value rather than a form (the
 * WebAuthn ceremonies): same-origin check, who is acting, zod, then the handler. Returns
 * `{ ok: false, message }` for expected failures and a generic message for anything else.
 */
function makeCall<K extends keyof typeof ACTIONS, S extends z.ZodType, T>(key: K, schema: S, handler: (input: z.output<S>, ctx: Ctx<(typeof ACTIONS)[K]>) => Promise<T>) {
  return async (...args: unknown[]): Promise<CallResult<T>> => {
    let ctx: PublicContext | UserContext | null = null;
    try {
      if (!(await sameOrigin())) return { ok: false, message: CROSS_ORIGIN_MESSAGE };
      const auth = await authorize(key);
      if (!auth.ok) return { ok: false, message: auth.message, ...(auth.reauth ? { reauth: auth.reauth } : {}) };
      ctx = auth.ctx;
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) return { ok: false, message: MALFORMED_MESSAGE };
      return { ok: true, value: await handler(parsed.data, ctx as Ctx<(typeof ACTIONS)[K]>) };
    } catch (error) {
      unstable_rethrow(error);
      const { message, reauth } = failure(error, ctx);
      return { ok: false, message, ...(reauth ? { reauth } : {}) };
    }
  };
}

type FormHandler<S extends z.ZodType, C> = (input: z.output<S>, ctx: C) => Promise<FormState | void>;
/** As React calls it: (previous state, form data). Anything else a client sends is refused at run time. */
type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;
type CallAction<T> = (raw: unknown) => Promise<CallResult<T>>;

export const publicAction = <S extends z.ZodType>(key: ActionKeyFor<'public'>, schema: S, handler: FormHandler<S, PublicContext>): FormAction =>
  makeAction(key, schema, handler as never);
export const userAction = <S extends z.ZodType>(key: ActionKeyFor<'user' | 'user-2fa'>, schema: S, handler: FormHandler<S, UserContext>): FormAction =>
  makeAction(key, schema, handler as never);
export const adminAction = <S extends z.ZodType>(key: ActionKeyFor<'admin' | 'admin-sudo'>, schema: S, handler: FormHandler<S, UserContext>): FormAction =>
  makeAction(key, schema, handler as never);

export const publicCall = <S extends z.ZodType, T>(key: ActionKeyFor<'public'>, schema: S, handler: (input: z.output<S>, ctx: PublicContext) => Promise<T>) =>
  makeCall(key, schema, handler as never) as CallAction<T>;
export const userCall = <S extends z.ZodType, T>(key: ActionKeyFor<'user' | 'user-2fa'>, schema: S, handler: (input: z.output<S>, ctx: UserContext) => Promise<T>) =>
  makeCall(key, schema, handler as never) as CallAction<T>;
