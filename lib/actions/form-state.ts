/**
 * What every form action returns to `useActionState`. Shared by client and server.
 * `values` echoes what was typed (never passwords) so a refused form keeps its input.
 */
export type FormState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  data?: Record<string, string | number | boolean | null>;
};

export const IDLE: FormState = { status: 'idle' };

/** What a JSON-style server call (WebAuthn ceremonies) returns to the browser. Shared by client and server. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; message: string };
