/**
 * Deletes an application with the access rules it wrote and the OpenID Connect clients attached
 * to it (what they were issued and the consents given to them too), in one transaction with its
 * audit event; the clients' deletion is announced in it, so no instance's client cache
 * (lib/oidc/client-cache.ts) keeps their metadata once it commits.
 */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db, Tx } from '../db';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { clientsChanged } from '../oidc/clients/client-writes';
import { revokeOidcForClient } from '../oidc/revoke-grants';
import { bumpRulesVersion } from '../rules/rules-version';
import { existingApplication, inApplicationsTransaction } from './application-writes';
import { renumberApplications } from './move-application';

export async function deleteApplication(db: Db, actor: Actor, input: { id: string }, meta: RequestMeta = NO_REQUEST_META): Promise<void> {
  await inApplicationsTransaction(db, async (tx) => {
    const app = await existingApplication(tx, input.id);
    // The foreign keys cascade too; deleting them here does not depend on SQLite's foreign_keys pragma.
    const rules = await tx.accessRule.deleteMany({ where: { applicationId: app.id } });
    const clients = await deleteApplicationClients(tx, app.id);
    await tx.application.delete({ where: { id: app.id } });
    await renumberApplications(tx);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'application.deleted',
      actor,
      target: { type: 'application', id: app.id, name: app.name },
      meta,
      data: { slug: app.slug, rules: rules.count, oidcClients: clients.length },
    });
  });
}

/** The application's clients, as lib/oidc/clients/delete-client.ts deletes one; their ids. */
async function deleteApplicationClients(tx: Tx, applicationId: string): Promise<string[]> {
  const ids = (await tx.oidcClient.findMany({ where: { applicationId }, select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
  if (!ids.length) return ids;
  for (const id of ids) await revokeOidcForClient(tx, id);
  await tx.oidcConsent.deleteMany({ where: { clientId: { in: ids } } });
  await tx.oidcClient.deleteMany({ where: { id: { in: ids } } });
  await clientsChanged(tx, ...ids);
  return ids;
}
