/** Forgets an application's uploaded icon: it shows the built-in `builtin:<icon>` instead. */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { existingApplication, inApplicationsTransaction } from './application-writes';
import type { TBuiltinIcon } from './builtin-icons';

export async function clearApplicationIcon(
  db: Db,
  actor: Actor,
  input: { id: string; icon: TBuiltinIcon },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<void> {
  await inApplicationsTransaction(db, async (tx) => {
    const app = await existingApplication(tx, input.id);
    await tx.application.update({ where: { id: app.id }, data: { icon: `builtin:${input.icon}`, iconData: null, iconType: null } });
    await logEvent(tx, {
      type: 'application.icon_changed',
      actor,
      target: { type: 'application', id: app.id, name: app.name },
      meta,
      data: { icon: input.icon },
    });
  });
}
