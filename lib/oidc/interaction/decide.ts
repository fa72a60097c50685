/**
 * What the interaction does with an authorization request the provider could not finish alone
 * (GET /oidc/interaction/<uid>, and again when the consent page posts back). Pure: every fact is
 * passed in, the answer is one of
 * - `redirect`: sign in, pass the second-factor step, prove it is you again (prompt=login,
 *   max_age) or answer the consent page, each with `rd` back to the interaction;
 * - `refuse`: finish with `access_denied` (a pending, disabled or rejected account; a user the
 *   application does not allow; a client whose application is gone);
 * - `finish`: the login (who, acr, amr, when) and the scopes to grant.
 *
 * Order matters and fails closed: the account and the application's users come before any
 * step-up, a step-up before a re-proof, everything before consent.
 */
import { acrOf, applicationAllows } from '../claims';
import { needsTwoFactors } from '../policy';
import { isOidcScope } from '../scopes';

export type InteractionSession =
  | { status: 'missing' }
  | { status: 'invalid'; reason: string }
  | {
      status: 'ok';
      session: { level: 'one_factor' | 'two_factor'; createdAt: Date; passwordProvenAt: Date | null; factorProvenAt: Date | null; amr: string[] };
      user: { id: string; username: string; groups: string[] };
    };

export type InteractionFacts = {
  uid: string;
  /** When the interaction began (seconds since the epoch, the library's `iat`). */
  startedAt: number;
  params: Record<string, unknown>;
  session: InteractionSession;
  client: { firstParty: boolean } | null;
  application: { subjects: string[]; level: string } | null;
  /** The user allowed this client every requested scope before (OidcConsent). */
  consented: boolean;
  /** The user just allowed it on the consent page (the confirm POST). */
  consentGiven?: boolean;
  now: Date;
};

export type InteractionDecision =
  | { kind: 'redirect'; step: 'sign-in' | 'second-factor' | 'reauth' | 'consent'; to: string }
  | { kind: 'refuse'; reason: string; description: string }
  | { kind: 'finish'; login: { accountId: string; acr: string; amr: string[]; ts: number }; scopes: string[] };

export function interactionPath(uid: string): string {
  return `/oidc/interaction/${uid}`;
}

/** The OpenID Connect scopes asked for, known ones only, deduplicated, in request order. */
export function requestedScopes(params: Record<string, unknown>): string[] {
  const scope = typeof params.scope === 'string' ? params.scope : '';
  return [...new Set(scope.split(' ').filter(isOidcScope))];
}

/** The last time the session proved something (password or factor), in ms; its creation when never stamped. */
export function lastProofMs(session: { createdAt: Date; passwordProvenAt: Date | null; factorProvenAt: Date | null }): number {
  return Math.max(session.createdAt.getTime(), session.passwordProvenAt?.getTime() ?? 0, session.factorProvenAt?.getTime() ?? 0);
}

/** A proof made since the interaction began always counts; otherwise max_age (seconds) bounds its age; prompt=login needs the former. */
export function proofFresh(input: { proofMs: number; startedAt: number; loginPrompt: boolean; maxAge: number | undefined; nowMs: number }): boolean {
  if (input.proofMs >= input.startedAt * 1000) return true;
  if (input.loginPrompt) return false;
  if (input.maxAge === undefined) return true;
  return input.nowMs - input.proofMs <= input.maxAge * 1000;
}

function maxAgeOf(params: Record<string, unknown>): number | undefined {
  const raw = params.max_age;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

const ACCOUNT_REFUSAL = 'Your account cannot sign in to apps now.';

export function decideInteraction(facts: InteractionFacts): InteractionDecision {
  const back = encodeURIComponent(interactionPath(facts.uid));
  if (!facts.client || !facts.application) return { kind: 'refuse', reason: 'unknown_client', description: 'This app is no longer set up in Gatehouse.' };
  const { session } = facts;
  if (session.status === 'invalid' && session.reason === 'account') return { kind: 'refuse', reason: 'account', description: ACCOUNT_REFUSAL };
  if (session.status !== 'ok') return { kind: 'redirect', step: 'sign-in', to: `/sign-in?rd=${back}` };
  if (!applicationAllows(facts.application.subjects, session.user)) {
    return { kind: 'refuse', reason: 'not_allowed', description: 'Your account may not use this app. Ask an administrator for access.' };
  }
  const acrValues = typeof facts.params.acr_values === 'string' ? facts.params.acr_values.split(' ') : [];
  if (needsTwoFactors(facts.application.level, acrValues) && session.session.level !== 'two_factor') {
    return { kind: 'redirect', step: 'second-factor', to: `/sign-in/second-factor?rd=${back}` };
  }
  const proofMs = lastProofMs(session.session);
  const prompts = typeof facts.params.prompt === 'string' ? facts.params.prompt.split(' ') : [];
  const loginPrompt = prompts.includes('login');
  if (!proofFresh({ proofMs, startedAt: facts.startedAt, loginPrompt, maxAge: maxAgeOf(facts.params), nowMs: facts.now.getTime() })) {
    return { kind: 'redirect', step: 'reauth', to: `/reauth?rd=${back}` };
  }
  const consentNeeded = !facts.client.firstParty && (!facts.consented || prompts.includes('consent'));
  if (consentNeeded && !facts.consentGiven) return { kind: 'redirect', step: 'consent', to: `/consent/${encodeURIComponent(facts.uid)}` };
  return {
    kind: 'finish',
    login: { accountId: session.user.id, acr: acrOf(session.session.level), amr: session.session.amr, ts: Math.floor(proofMs / 1000) },
    scopes: requestedScopes(facts.params),
  };
}
