/**
 * The "test a request" tool: what the verify endpoint would decide for a URL, method, user and
 * client address under the rules as stored now, which rule decided, and why each earlier rule
 * did not match. The URL is read by the verify endpoint's own parser, so a URL the endpoint
 * refuses (400) is refused here with the same reason, and the rules see the same canonical path.
 */
import type { Db } from '../db';
import { normalizeIp } from '../http/client-ip';
import { compileRules } from '../policy/compile';
import { evaluateRules, type TEvaluation } from '../policy/evaluate';
import type { TPolicy, TStoredRule } from '../policy/types';
import { parseTargetUrl } from '../verify/forwarded-request';
import { loadRuleSet } from './load-rule-set';

export type ExplainInput = { url: string; method: string; username: string; clientIp: string };

export type Explanation =
  | { ok: false; errors: Record<string, string> }
  | {
      ok: true;
      evaluation: TEvaluation;
      rules: TStoredRule[];
      defaultPolicy: TPolicy;
      user: { username: string; groups: string[] } | null;
      outcome: string;
    };

function outcomeOf(evaluation: TEvaluation, anonymous: boolean): string {
  switch (evaluation.policy) {
    case 'bypass':
      return 'Allowed, without signing in (bypass).';
    case 'deny':
      return 'Refused: the proxy answers 403 Forbidden.';
    case 'one_factor':
      if (evaluation.needsIdentity) return 'Sent to the sign-in page: a rule depends on who the user is.';
      return anonymous ? 'Sent to the sign-in page; allowed once signed in (password or any sign-in).' : 'Allowed: a signed-in user is enough (one factor).';
    case 'two_factor':
      return anonymous
        ? 'Sent to the sign-in page; allowed after a second factor.'
        : 'Allowed if this session passed a second factor; otherwise sent to the second-factor step.';
  }
}

export async function explainRequest(db: Db, input: ExplainInput): Promise<Explanation> {
  const errors: Record<string, string> = {};
  const method = input.method.trim().toUpperCase() || 'GET';
  if (!/^[A-Z]{1,20}$/.test(method)) errors.method = 'Enter an HTTP method such as GET or POST.';
  const text = input.url.trim();
  const parsed = parseTargetUrl(text, errors.method ? 'GET' : method);
  const target = parsed.ok ? parsed.target : null;
  if (!parsed.ok) {
    errors.url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
      ? `The verify endpoint refuses this URL (400 Bad request): ${parsed.reason}.`
      : 'Enter an absolute http(s) URL, such as https://paperless.example.com/documents/.';
  }
  const clientIp = input.clientIp.trim() ? normalizeIp(input.clientIp) : null;
  if (input.clientIp.trim() && !clientIp) errors.ip = 'Enter an IPv4 or IPv6 address, or leave it empty.';
  let user: { username: string; groups: string[] } | null = null;
  const username = input.username.trim().toLowerCase();
  if (username) {
    const row = await db.user.findUnique({ where: { username }, select: { username: true, groups: { select: { group: { select: { name: true } } } } } });
    if (!row) errors.user = `There is no user "${username.slice(0, 64)}". Leave it empty to test an anonymous visitor.`;
    else user = { username: row.username, groups: row.groups.map((g) => g.group.name).sort() };
  }
  if (Object.keys(errors).length || !target) return { ok: false, errors };

  const { rules, defaultPolicy } = await loadRuleSet(db);
  const evaluation = evaluateRules(compileRules(rules), { host: target.host, path: target.path, query: target.query, method, clientIp, user }, defaultPolicy, {
    explain: true,
  });
  return { ok: true, evaluation, rules, defaultPolicy, user, outcome: outcomeOf(evaluation, user === null) };
}
