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

/** The banner's word when the errors sit beside their fields. */
export const CHECK_FIELDS_MESSAGE = 'Check the highlighted fields.';
/**
 * The hidden input a field that shows its own error beside it (components/forms/field.tsx) sends
 * with the form, its value the field's name: how the server knows which errors have a place.
 */
export const SHOWN_FIELD_INPUT = '$FIELD';

/**
 * Where each error of a refused form is shown, decided once: an error whose field the form shows
 * (`shown`) goes beside that field, and the banner then says "Check the highlighted fields.";
 * an error with no place in the form (a 'form' error, a field the form does not show) is said
 * once, in the banner. The banner never repeats a message that already sits beside a field.
 */
export function placeErrors(
  result: { message?: string; fieldErrors?: Record<string, string> },
  shown: ReadonlySet<string>,
): { message?: string; fieldErrors?: Record<string, string> } {
  const beside: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [field, text] of Object.entries(result.fieldErrors ?? {})) {
    if (shown.has(field)) beside[field] = text;
    else elsewhere.push(text);
  }
  const besideTexts = new Set(Object.values(beside));
  const general = result.message && result.message !== CHECK_FIELDS_MESSAGE && !besideTexts.has(result.message) ? result.message : undefined;
  const parts = [besideTexts.size > 0 ? CHECK_FIELDS_MESSAGE : undefined, general, ...elsewhere].filter((part): part is string => Boolean(part));
  const message = [...new Set(parts)].join(' ') || undefined;
  return { ...(message ? { message } : {}), ...(besideTexts.size > 0 ? { fieldErrors: beside } : {}) };
}
