/**
 * What every form action returns to `useActionState`. Shared by client and server.
 * `values` echoes what was typed (never passwords) so a refused form keeps its input.
 * `reauth` says the action was refused until the user proves it is them again (sudo mode, or
 * the second factor of a one-factor session): with what. The form then opens the re-prove
 * dialog and sends the same input again (components/forms/use-guarded-action.ts).
 */
export type Reauth = 'factor' | 'password';

export type FormState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  data?: Record<string, string | number | boolean | null>;
  reauth?: Reauth;
};

export const IDLE: FormState = { status: 'idle' };

/** What a JSON-style server call (WebAuthn ceremonies) returns to the browser. Shared by client and server. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; message: string; reauth?: Reauth };
