/**
 * Is this POST body one that Next can decode into a server-action call without failing? Next
 * decodes the body (React's reply format) before any action code runs, and a body it cannot
 * decode — `null`, a string, bad JSON, a reference to a part that is not there, a multipart
 * without its root — makes it answer 500. proxy.ts asks this first and refuses such a body with
 * a plain 400. Pure.
 *
 * Accepted are exactly the shapes Gatehouse's pages send:
 * - a call from script (`Next-Action` header), `text/plain`: a JSON array of plain values;
 * - a form from script (`Next-Action` header), multipart: part `0` is a JSON array of plain
 *   values and FormData references (`$K<n>`); the other parts are the form's fields;
 * - a form without script (no header; multipart or urlencoded): `$ACTION_ID_<id>`, or
 *   `$ACTION_REF_<n>` with `$ACTION_<n>:0` = `{"id": …, "bound": null | "$@<k>"}` and, when bound,
 *   `$ACTION_<n>:<k>` a JSON array of plain values (useActionState's previous state).
 * "Plain values" are JSON, where a string starting with `$` must be one of React's encodings of a
 * primitive (`$$…` an escaped string, `$undefined`, `$NaN`, `$Infinity`, `$-Infinity`, `$-0`,
 * `$D<date>`, `$n<digits>`): anything that refers to another part is refused.
 * Whether the arguments suit the action (how many, which fields) is the action pipeline's
 * business (lib/actions/safe-action.ts), which refuses with a clear message too.
 */

/**
 * The largest action body Next reads (next.config.mjs, serverActions.bodySizeLimit '2mb'): a
 * longer one is refused as too large before anyone reads it (Next itself would answer 500).
 */
export const ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
export const TOO_LARGE_ACTION_MESSAGE = 'The request is too large.';

/** What a refused body is told (the action pipeline says the same for a wrong argument list). */
export const MALFORMED_ACTION_MESSAGE = 'The request was malformed. Reload the page and try again.';

export type ActionBody = { kind: 'text'; text: string } | { kind: 'form'; fields: ReadonlyArray<readonly [string, string | null]> };

export type ActionBodyVerdict = { ok: true } | { ok: false; reason: string };

/** Deeper than any state a form sends back; bounds the walk below. */
export const MAX_DEPTH = 32;
const PRIMITIVE_ENCODING = /^\$(\$[\s\S]*|undefined|NaN|Infinity|-Infinity|-0|D[\s\S]{1,64}|n-?\d{1,400})$/;
const FORM_DATA_REF = /^\$K\d{1,9}$/;

const bad = (reason: string): ActionBodyVerdict => ({ ok: false, reason });

/** A JSON value whose strings are plain (or, where `allowFormData`, FormData references). */
function plain(value: unknown, depth: number, allowFormData: boolean): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return true;
  if (typeof value === 'string') return !value.startsWith('$') || PRIMITIVE_ENCODING.test(value) || (allowFormData && FORM_DATA_REF.test(value));
  if (Array.isArray(value)) return value.every((item) => plain(item, depth + 1, allowFormData));
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every((item) => plain(item, depth + 1, allowFormData));
  return false;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The argument list of a call or a scripted form: a JSON array. */
function argumentList(text: string | null | undefined, allowFormData: boolean): ActionBodyVerdict {
  if (typeof text !== 'string') return bad('the argument list is missing');
  const parsed = parse(text);
  if (!parsed.ok) return bad('the argument list is not JSON');
  if (!Array.isArray(parsed.value)) return bad('the arguments are not a list');
  // FormData references only at the top: React puts a form's FormData there.
  for (const arg of parsed.value) {
    if (allowFormData && typeof arg === 'string' && FORM_DATA_REF.test(arg)) continue;
    if (!plain(arg, 1, false)) return bad('an argument refers to something that was not sent');
  }
  return { ok: true };
}

/** A form posted without script: which action, and the state useActionState bound to it. */
function progressiveForm(fields: ReadonlyArray<readonly [string, string | null]>): ActionBodyVerdict {
  const byName = new Map<string, string | null>();
  for (const [name, value] of fields) if (!byName.has(name)) byName.set(name, value);
  const names = [...byName.keys()].filter((name) => name.startsWith('$ACTION_'));
  const refs = names.filter((name) => name.startsWith('$ACTION_REF_'));
  const ids = names.filter((name) => name.startsWith('$ACTION_ID_'));
  if (refs.length + ids.length !== 1) return bad('a form names no action, or more than one');
  if (ids.length === 1) return /^\$ACTION_ID_[0-9a-f]{1,128}$/.test(ids[0]!) ? { ok: true } : bad('the action id is malformed');
  const n = /^\$ACTION_REF_(\d{1,9})$/.exec(refs[0]!)?.[1];
  if (n === undefined) return bad('the action reference is malformed');
  const meta = byName.get(`$ACTION_${n}:0`);
  if (typeof meta !== 'string') return bad('the action reference has no description');
  const parsed = parse(meta);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    return bad('the action description is not an object');
  const { id, bound, ...rest } = parsed.value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof id !== 'string' || !/^[0-9a-f]{1,128}$/.test(id)) return bad('the action description is malformed');
  if (bound === null) return { ok: true };
  const k = typeof bound === 'string' ? /^\$@(\d{1,9})$/.exec(bound)?.[1] : undefined;
  if (k === undefined || k === '0') return bad('the bound arguments are malformed');
  return argumentList(byName.get(`$ACTION_${n}:${k}`), false);
}

export function judgeActionBody(input: { nextAction: boolean; body: ActionBody }): ActionBodyVerdict {
  const { body } = input;
  if (input.nextAction) {
    if (body.kind === 'text') return argumentList(body.text, false);
    const root = body.fields.filter(([name]) => name === '0');
    if (root.length !== 1) return bad('the argument list is missing');
    return argumentList(root[0]![1], true);
  }
  if (body.kind === 'text') return { ok: true };
  // A plain form post that names no action is not one: nothing of Next's decodes it.
  if (!body.fields.some(([name]) => name.startsWith('$ACTION_'))) return { ok: true };
  return progressiveForm(body.fields);
}

/**
 * The body of a POST as judgeActionBody reads it, from a copy (Next decodes the original), or
 * null when it cannot be read as its Content-Type says.
 */
export async function readActionBody(request: Request): Promise<ActionBody | null> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
      const form = await request.clone().formData();
      return { kind: 'form', fields: [...form.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : null] as const) };
    }
    return { kind: 'text', text: await request.clone().text() };
  } catch {
    return null;
  }
}
