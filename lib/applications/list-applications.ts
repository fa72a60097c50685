/** Every application, in launcher order (position, then age). A row that cannot be read is skipped and reported. */
import type { DbOrTx } from '../db';
import { APPLICATION_COLUMNS, rowToApplication, UnreadableApplicationError } from './application-codec';
import type { TApplication } from './types';

export async function listApplications(db: DbOrTx): Promise<{ applications: TApplication[]; unreadable: string[] }> {
  const rows = await db.application.findMany({ select: APPLICATION_COLUMNS, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
  const applications: TApplication[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      applications.push(rowToApplication(row));
    } catch (error) {
      if (!(error instanceof UnreadableApplicationError)) throw error;
      unreadable.push(error.message);
    }
  }
  return { applications, unreadable };
}
