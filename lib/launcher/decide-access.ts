/**
 * Whether a signed-in user may open an application, decided exactly as the verify endpoint would
 * decide a browser's first request to it (GET of its first URL's "/"): the same target parser,
 * the same compiled rules in the same order, the same "second factor for everyone" raise. The
 * launcher shows what this says and nothing else, so a tile never promises what the proxy refuses.
 */
import type { TCompiledRuleSet } from '../policy/compile';
import { evaluateRules } from '../policy/evaluate';
import type { TPolicy } from '../policy/types';
import type { AuthLevel } from '../sessions/session-policy';
import { parseTargetUrl } from '../verify/forwarded-request';

/** Who asks: the signed-in user, their current session's level and the address they come from. */
export type TLauncherViewer = {
  username: string;
  groups: string[];
  sessionLevel: AuthLevel;
  hasSecondFactor: boolean;
  clientIp: string | null;
};

/** The viewer for a signed-in user's current session, from where the current request comes. */
export function launcherViewer(
  signedIn: { user: { username: string; groups: string[]; hasSecondFactor: boolean }; session: { level: AuthLevel } },
  clientIp: string | null,
): TLauncherViewer {
  const { user, session } = signedIn;
  return { username: user.username, groups: user.groups, sessionLevel: session.level, hasSecondFactor: user.hasSecondFactor, clientIp };
}

/** What opening the application takes, for this user: nothing (public), being signed in, or a second factor. */
export type TNeed = 'nothing' | 'sign-in' | 'second-factor';

/**
 * `open`: the link works now. `confirm-factor`: the portal asks for the user's second factor on the
 * way. `add-factor`: the user has none yet, and must add one first.
 */
export type TAccess = 'open' | 'confirm-factor' | 'add-factor';

export type TDecision = { needs: TNeed; access: TAccess; url: string };

export type TRuleState = { set: TCompiledRuleSet; defaultPolicy: TPolicy; requireTwoFactor: boolean };

/** null: the rules deny this user (or the URL cannot be asked about): no tile, not even a name. */
export function decideAccess(urls: readonly string[], rules: TRuleState, viewer: TLauncherViewer): TDecision | null {
  const first = urls[0];
  if (first === undefined) return null;
  const parsed = parseTargetUrl(`${first}/`, 'GET');
  if (!parsed.ok) return null;
  const { target } = parsed;
  const evaluation = evaluateRules(
    rules.set,
    {
      host: target.host,
      path: target.path,
      query: target.query,
      method: target.method,
      clientIp: viewer.clientIp,
      user: { username: viewer.username, groups: viewer.groups },
    },
    rules.defaultPolicy,
  );
  // As lib/verify/verify-request.ts: "a second factor for everyone" raises every one-factor rule to two.
  const policy = rules.requireTwoFactor && evaluation.policy === 'one_factor' && !evaluation.needsIdentity ? 'two_factor' : evaluation.policy;
  switch (policy) {
    case 'bypass':
      return { needs: 'nothing', access: 'open', url: target.url };
    case 'one_factor':
      return { needs: 'sign-in', access: 'open', url: target.url };
    case 'two_factor': {
      const access: TAccess = viewer.sessionLevel === 'two_factor' ? 'open' : viewer.hasSecondFactor ? 'confirm-factor' : 'add-factor';
      return { needs: 'second-factor', access, url: target.url };
    }
    default:
      return null;
  }
}
