/**
 * Changes an application and rewrites its generated access rules, with its audit event and a new
 * rules version, in one transaction. A new icon file replaces the stored one; choosing a built-in
 * icon forgets the uploaded one.
 */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import { NO_REQUEST_META } from '../http/request-meta-types';
import { bumpRulesVersion } from '../rules/rules-version';
import { applicationToColumns } from './application-codec';
import { existingApplication, inApplicationsTransaction, writeApplicationRules } from './application-writes';
import { assertNoApplicationConflicts } from './check-application-conflicts';
import { canonicalInput, type TApplicationWriteOptions } from './create-application';
import { checkIconImage } from './icon-image';
import type { TApplicationInput } from './types';

export async function updateApplication(
  db: Db,
  actor: Actor,
  input: TApplicationInput & { id: string },
  options: TApplicationWriteOptions = {},
): Promise<void> {
  const { id, ...fields } = input;
  const app = canonicalInput(fields);
  const icon = options.iconFile ? checkIconImage(options.iconFile) : null;
  await inApplicationsTransaction(db, async (tx) => {
    const before = await existingApplication(tx, id);
    if (fields.slug.trim() === '') app.slug = before.slug;
    if (app.icon === 'upload' && !icon && before.iconType === null)
      throw new AppError('INVALID', 'Choose an image to upload, or one of the built-in icons.', 'iconFile');
    await assertNoApplicationConflicts(tx, app, id);
    const iconColumns = app.icon !== 'upload' ? { iconData: null, iconType: null } : icon ? { iconData: icon.data, iconType: icon.type } : {};
    await tx.application.update({ where: { id }, data: { ...applicationToColumns(app), ...iconColumns } });
    const rules = await writeApplicationRules(tx, id, app);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'application.updated',
      actor,
      target: { type: 'application', id, name: app.name },
      meta: options.meta ?? NO_REQUEST_META,
      data: { slug: app.slug, urls: app.urls.join(' '), rules },
    });
  });
}
