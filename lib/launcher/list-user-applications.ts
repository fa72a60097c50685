/**
 * The applications the signed-in user may open, each with what it takes (lib/launcher/decide-access.ts),
 * in launcher order. Applications the rules deny this user are left out entirely. The rules are
 * the ones the verify endpoint compiles (lib/rules/load-rule-set.ts), hand-written ones included,
 * in their order; an application row that cannot be read shows no tile (its rules still decide).
 */
import { listApplications } from '../applications/list-applications';
import type { DbOrTx } from '../db';
import { compileRules } from '../policy/compile';
import { loadRuleSet } from '../rules/load-rule-set';
import { decideAccess, type TAccess, type TLauncherViewer, type TNeed } from './decide-access';

export type TUserApplication = {
  id: string;
  name: string;
  description: string;
  /** `builtin:<name>` or `upload`. */
  icon: string;
  /** Where an uploaded icon is served, or undefined for a built-in one. */
  iconSrc: string | undefined;
  /** The canonical front door the tile links to (the first URL's "/"). */
  url: string;
  onLauncher: boolean;
  needs: TNeed;
  access: TAccess;
};

export async function listUserApplications(db: DbOrTx, viewer: TLauncherViewer): Promise<TUserApplication[]> {
  const [{ applications }, ruleSet] = [await listApplications(db), await loadRuleSet(db)];
  const rules = { set: compileRules(ruleSet.rules), defaultPolicy: ruleSet.defaultPolicy, requireTwoFactor: ruleSet.requireTwoFactor };
  return applications.flatMap((app) => {
    const decision = decideAccess(app.urls, rules, viewer);
    if (!decision) return [];
    return [
      {
        id: app.id,
        name: app.name,
        description: app.description,
        icon: app.icon,
        iconSrc: app.icon === 'upload' && app.hasIconData ? `/api/applications/${encodeURIComponent(app.id)}/icon` : undefined,
        url: decision.url,
        onLauncher: app.showOnLauncher,
        needs: decision.needs,
        access: decision.access,
      },
    ];
  });
}
