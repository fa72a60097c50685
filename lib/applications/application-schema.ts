/**
 * An application as an admin enters it, checked and put into its one canonical form
 * (TApplicationInput). What needs the database (do the subjects exist, is the host or slug
 * taken) is checked by check-application-conflicts.ts. Nothing server-only here.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '../policy/field-errors';
import { comparablePrefix, prefixProblem } from '../policy/path-prefix';
import { ZSubject } from '../policy/schemas';
import { builtinIconOf } from './builtin-icons';
import { canonicalOrigin, hostOfOrigin } from './canonical-origin';
import { APPLICATION_KINDS, APPLICATION_LEVELS, type TApplicationInput } from './types';

export const MAX_URLS = 10;
export const MAX_PUBLIC_PATHS = 20;
export const MAX_SUBJECTS = 50;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

const origin = (allowIpv6: boolean) =>
  z.string({ error: 'Enter an address.' }).transform((raw, context) => {
    const checked = canonicalOrigin(raw, { allowIpv6 });
    if (checked.ok) return checked.origin;
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  });

export const ZPublicPath = z
  .string()
  .trim()
  .max(512, { error: 'A public path has at most 512 characters.', abort: true })
  .transform((path, context) => {
    const dots = path.replace(/%2e/gi, '.');
    const problem = !path.startsWith('/')
      ? 'A public path starts with /, such as /static/.'
      : dots.includes('..')
        ? 'A public path cannot contain "..".'
        : prefixProblem(path);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return comparablePrefix(path);
  });

/** A slug from a name: "Paperless NGX" → "paperless-ngx"; "app" when nothing usable is left. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'app' : slug;
}

const unique = <T>(items: T[]) => [...new Set(items)];

export const ZApplicationInput = z
  .object({
    name: z
      .string({ error: 'Enter a name.' })
      .trim()
      .min(1, 'Enter a name.')
      .max(80, { error: 'A name has at most 80 characters.', abort: true })
      .refine((name) => !CONTROL.test(name), 'The name contains a control character. Remove it.'),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(60, { error: 'A short name has at most 60 characters.', abort: true })
      .refine((slug) => slug === '' || SLUG.test(slug), 'A short name uses lower-case letters, digits and dashes, such as paperless or my-wiki.'),
    kind: z.enum(APPLICATION_KINDS, { error: 'Choose a kind: generic or paperless.' }),
    description: z
      .string()
      .trim()
      .max(300, { error: 'A description has at most 300 characters.', abort: true })
      .refine((text) => !CONTROL.test(text), 'The description contains a control character. Remove it.'),
    urls: z
      .array(origin(false))
      .min(1, 'Enter the address users open, such as https://app.example.com.')
      .max(MAX_URLS, `At most ${MAX_URLS} addresses.`)
      .transform(unique)
      .refine(
        (urls) => new Set(urls.map(hostOfOrigin)).size === urls.length,
        'Two addresses have the same host: an application is matched by host, so keep one.',
      ),
    upstream: origin(true),
    icon: z.string().refine((icon) => icon === 'upload' || builtinIconOf(icon) !== null, 'Choose one of the built-in icons or upload one.'),
    subjects: z.array(ZSubject).max(MAX_SUBJECTS, `At most ${MAX_SUBJECTS} users and groups.`).transform(unique),
    level: z.enum(APPLICATION_LEVELS, { error: 'Choose one factor or two factors.' }),
    publicPaths: z.array(ZPublicPath).max(MAX_PUBLIC_PATHS, `At most ${MAX_PUBLIC_PATHS} public paths.`).transform(unique),
    showOnLauncher: z.boolean(),
  })
  .transform((input): TApplicationInput => ({ ...input, slug: input.slug === '' ? slugFromName(input.name) : input.slug }));

/** Field errors in the form's words ("Line 2: …" for lists), or the canonical input. */
export function parseApplicationInput(value: unknown): { ok: true; input: TApplicationInput } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = ZApplicationInput.safeParse(value);
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
}
