/**
 * Adds an application at the end of the list, with its generated access rules, its audit event
 * and a new rules version, all in one transaction; this instance reloads its rules right after.
 * A short name left empty is made from the name (and numbered if taken).
 */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { bumpRulesVersion } from '../rules/rules-version';
import { applicationToColumns } from './application-codec';
import { parseApplicationInput } from './application-schema';
import { inApplicationsTransaction, writeApplicationRules } from './application-writes';
import { assertNoApplicationConflicts } from './check-application-conflicts';
import { checkIconImage } from './icon-image';
import type { TApplicationInput } from './types';

export type TApplicationWriteOptions = { meta?: RequestMeta; iconFile?: Uint8Array };

/** Checks and canonicalises an input given to a use case; the first problem as a field error. */
export function canonicalInput(input: TApplicationInput): TApplicationInput {
  const parsed = parseApplicationInput(input);
  if (parsed.ok) return parsed.input;
  const [field, message] = Object.entries(parsed.fieldErrors)[0] ?? ['form', 'The application is not valid.'];
  throw new AppError('INVALID', message, field);
}

export async function createApplication(
  db: Db,
  actor: Actor,
  input: TApplicationInput,
  options: TApplicationWriteOptions = {},
): Promise<{ id: string; slug: string }> {
  const app = canonicalInput(input);
  const icon = options.iconFile ? checkIconImage(options.iconFile) : null;
  if (app.icon === 'upload' && !icon) throw new AppError('INVALID', 'Choose an image to upload, or one of the built-in icons.', 'iconFile');
  const created = await inApplicationsTransaction(db, async (tx) => {
    if (input.slug.trim() === '') app.slug = await freeSlug(tx, app.slug);
    await assertNoApplicationConflicts(tx, app, null);
    const last = await tx.application.aggregate({ _max: { position: true } });
    const row = await tx.application.create({
      data: { ...applicationToColumns(app), position: (last._max.position ?? 0) + 1, iconData: icon?.data ?? null, iconType: icon?.type ?? null },
      select: { id: true, slug: true },
    });
    const rules = await writeApplicationRules(tx, row.id, app);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'application.created',
      actor,
      target: { type: 'application', id: row.id, name: app.name },
      meta: options.meta ?? NO_REQUEST_META,
      data: { slug: row.slug, urls: app.urls.join(' '), rules },
    });
    return row;
  });
  return created;
}

/** `base`, or `base-2`, `base-3`… whichever no application has. */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  const taken = new Set((await tx.application.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((a) => a.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 56)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
