/** Stores an uploaded icon (checked by its bytes) for an application, with its audit event. */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { existingApplication, inApplicationsTransaction } from './application-writes';
import { checkIconImage } from './icon-image';

export async function setApplicationIcon(db: Db, actor: Actor, input: { id: string; file: Uint8Array }, meta: RequestMeta = NO_REQUEST_META): Promise<void> {
  const icon = checkIconImage(input.file);
  await inApplicationsTransaction(db, async (tx) => {
    const app = await existingApplication(tx, input.id);
    await tx.application.update({ where: { id: app.id }, data: { icon: 'upload', iconData: icon.data, iconType: icon.type } });
    await logEvent(tx, {
      type: 'application.icon_changed',
      actor,
      target: { type: 'application', id: app.id, name: app.name },
      meta,
      data: { type: icon.type, bytes: icon.data.length },
    });
  });
}
