import 'server-only';
/**
 * The action factories: one pipeline (pipeline.ts), two shapes. A form action answers a
 * FormState for `useActionState`; a call (the WebAuthn ceremonies, which send a value rather
 * than a form) answers `{ ok, value }` or `{ ok: false, message }`.
 *
 * Each action is made with its key in the access table (`file#exportName`, as the build's
 * server-reference manifest names it); the factory only accepts keys of its kind, so an admin
 * action cannot be made with a user's requirement by mistake.
 */
import type { z } from 'zod';
import type { ACTIONS, ActionKeyFor } from '../auth/access-table';
import { type CallResult, CHECK_FIELDS_MESSAGE, type FormState, placeErrors, SHOWN_FIELD_INPUT } from './form-state';
import { runPipeline, type Ctx, type PublicContext, type UserContext } from './pipeline';
import { MALFORMED_MESSAGE } from './refusals';

/** Fields whose values are never echoed back into the page. */
const SECRET_FIELD = /password|token|secret|code/i;
/** Longest single field value kept for parsing; zod's own limits give the precise message. */
const FIELD_CAP = 1_100_000;

/** Form fields as an object; a name sent more than once (checkboxes) becomes a list. */
function formToObject(formData: FormData): { input: Record<string, string | string[]>; values: Record<string, string>; shown: Set<string> } {
  const input: Record<string, string | string[]> = {};
  const values: Record<string, string> = {};
  const shown = new Set<string>();
  for (const [key, value] of formData.entries()) {
    if (key === SHOWN_FIELD_INPUT && typeof value === 'string' && shown.size < 100) shown.add(value.slice(0, 100));
    if (key.startsWith('$ACTION') || key === SHOWN_FIELD_INPUT || typeof value !== 'string') continue;
    // One character over the cap is kept, so a schema limit at the cap still sees (and names) an overlong value.
    const text = value.slice(0, FIELD_CAP + 1);
    const previous = input[key];
    input[key] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text].slice(0, 100);
    if (!SECRET_FIELD.test(key)) values[key] = Array.isArray(input[key]) ? (input[key] as string[]).join('\n').slice(0, 2000) : text.slice(0, 20_000);
  }
  return { input, values, shown };
}

/** The first message zod gives for each field. */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}

function makeAction<K extends keyof typeof ACTIONS, S extends z.ZodType>(
  key: K,
  schema: S,
  handler: (input: z.output<S>, ctx: Ctx<(typeof ACTIONS)[K]>) => Promise<FormState | void>,
) {
  // React's client calls a form action as (previousState, formData); a hand-made POST may send
  // any argument list at all (none, null, JSON): checked before anything reads it.
  return async (...args: unknown[]): Promise<FormState> => {
    let values: Record<string, string> = {};
    let shown = new Set<string>();
    const read = () => {
      const formData = args[1];
      if (!(formData instanceof FormData)) return null;
      const form = formToObject(formData);
      values = form.values;
      shown = form.shown;
      return { input: form.input };
    };
    // Field errors go beside the fields the form shows, the rest into the banner, once (placeErrors).
    const placed = (state: FormState): FormState => {
      if (!state.fieldErrors) return state;
      const { message: _message, fieldErrors: _fieldErrors, ...rest } = state;
      return { ...rest, ...placeErrors(state, shown) };
    };
    const run = await runPipeline(key, schema, read, handler);
    if (run.ok) {
      // A refusal keeps what was typed unless the handler said otherwise.
      if (run.value?.status === 'error') return placed(run.value.values ? run.value : { ...run.value, values });
      return run.value ?? { status: 'success' };
    }
    switch (run.stage) {
      case 'cross-origin':
      case 'malformed':
        return { status: 'error', message: run.message };
      case 'refused':
        return { status: 'error', message: run.message, values, ...(run.reauth ? { reauth: run.reauth } : {}) };
      case 'invalid':
        return placed({ status: 'error', message: CHECK_FIELDS_MESSAGE, fieldErrors: fieldErrorsOf(run.error), values });
      case 'failed':
        return placed({
          status: 'error',
          message: run.message,
          ...(run.field ? { fieldErrors: { [run.field]: run.message } } : {}),
          values,
          ...(run.reauth ? { reauth: run.reauth } : {}),
        });
    }
  };
}

function makeCall<K extends keyof typeof ACTIONS, S extends z.ZodType, T>(
  key: K,
  schema: S,
  handler: (input: z.output<S>, ctx: Ctx<(typeof ACTIONS)[K]>) => Promise<T>,
) {
  return async (...args: unknown[]): Promise<CallResult<T>> => {
    const run = await runPipeline(key, schema, () => ({ input: args[0] }), handler);
    if (run.ok) return { ok: true, value: run.value };
    switch (run.stage) {
      case 'cross-origin':
      case 'malformed':
        return { ok: false, message: run.message };
      case 'invalid':
        return { ok: false, message: MALFORMED_MESSAGE };
      case 'refused':
      case 'failed':
        return { ok: false, message: run.message, ...(run.reauth ? { reauth: run.reauth } : {}) };
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
export const userCall = <S extends z.ZodType, T>(
  key: ActionKeyFor<'user' | 'user-2fa'>,
  schema: S,
  handler: (input: z.output<S>, ctx: UserContext) => Promise<T>,
) => makeCall(key, schema, handler as never) as CallAction<T>;
