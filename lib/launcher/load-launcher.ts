/** The home page's data: the launcher tiles (applications shown on the launcher that this user may open) and their recent sign-ins. */
import type { DbOrTx } from '../db';
import type { TLauncherViewer } from './decide-access';
import { listRecentSignIns, type TRecentSignIn } from './list-recent-sign-ins';
import { listUserApplications, type TUserApplication } from './list-user-applications';

export const RECENT_SIGN_INS = 5;

export async function loadLauncher(
  db: DbOrTx,
  input: { userId: string; viewer: TLauncherViewer; providerNames: Readonly<Record<string, string>> },
): Promise<{ tiles: TUserApplication[]; signIns: TRecentSignIn[] }> {
  const tiles = (await listUserApplications(db, input.viewer)).filter((app) => app.onLauncher);
  const signIns = await listRecentSignIns(db, { userId: input.userId, limit: RECENT_SIGN_INS, providerNames: input.providerNames });
  return { tiles, signIns };
}
