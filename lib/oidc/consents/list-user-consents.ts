/**
 * "Apps with access" on the Security page: every client the user allowed to read their account,
 * with its application, the scopes in words and since when, in a stable order (application name,
 * then client name).
 */
import type { DbOrTx } from '../../db';
import { APP_DISPLAY_SELECT, appDisplayOf, scopesInWords, type AppDisplay, type ScopeInWords } from './consent-display';

export type UserConsent = {
  client: { id: string; name: string };
  application: AppDisplay;
  scopes: ScopeInWords[];
  /** When the user first allowed it; `updatedAt` when the scopes last grew. */
  since: Date;
  updatedAt: Date;
};

export async function listUserConsents(db: DbOrTx, userId: string): Promise<UserConsent[]> {
  const rows = await db.oidcConsent.findMany({
    where: { userId },
    select: {
      scopes: true,
      createdAt: true,
      updatedAt: true,
      client: { select: { id: true, name: true, application: { select: APP_DISPLAY_SELECT } } },
    },
  });
  return rows
    .map((row) => ({
      client: { id: row.client.id, name: row.client.name },
      application: appDisplayOf(row.client.application),
      scopes: scopesInWords(row.scopes.split(' ')),
      since: row.createdAt,
      updatedAt: row.updatedAt,
    }))
    .sort(
      (a, b) => a.application.name.localeCompare(b.application.name) || a.client.name.localeCompare(b.client.name) || a.client.id.localeCompare(b.client.id),
    );
}
