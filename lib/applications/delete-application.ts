/** Deletes an application and the access rules it wrote, in one transaction with its audit event. */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { bumpRulesVersion } from '../rules/rules-version';
import { existingApplication, inApplicationsTransaction } from './application-writes';
import { renumberApplications } from './move-application';

export async function deleteApplication(db: Db, actor: Actor, input: { id: string }, meta: RequestMeta = NO_REQUEST_META): Promise<void> {
  await inApplicationsTransaction(db, async (tx) => {
    const app = await existingApplication(tx, input.id);
    // The foreign key cascades too; deleting them here does not depend on SQLite's foreign_keys pragma.
    const rules = await tx.accessRule.deleteMany({ where: { applicationId: app.id } });
    await tx.application.delete({ where: { id: app.id } });
    await renumberApplications(tx);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'application.deleted',
      actor,
      target: { type: 'application', id: app.id, name: app.name },
      meta,
      data: { slug: app.slug, rules: rules.count },
    });
  });
}
