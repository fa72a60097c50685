/**
 * Decides which access rule applies to a request: first match wins, the default policy when
 * none does. This runs on every proxied request, so it only compares precompiled values; reason
 * strings are built only when an admin asks for an explanation.
 */
import type ipaddr from 'ipaddr.js';
import { isInCidrs } from '@/lib/http/client-ip';
import type { TCompiledRule, TCompiledRuleSet } from './compile';
import { parseAddress } from './parse-network';
import type { TPolicy, TRequestFacts } from './types';

export type TEvaluation = {
  policy: TPolicy;
  /** The rule that decided, or null when the default policy applied. */
  rule: { id: string; position: number } | null;
  /**
   * True when an anonymous request matched a rule in everything but its subjects: the caller
   * must sign in before the rules can decide (Authelia behaves the same way). policy is then 'one_factor'.
   */
  needsIdentity: boolean;
  /** Filled only when explain=true: for each rule evaluated in order until the match, why it did or did not match. */
  trace: { id: string; position: number; matched: boolean; reasons: string[] }[];
};

/** The facts in the form the matchers compare, the costlier parts computed once and only when a rule needs them. */
type TRequest = {
  facts: TRequestFacts;
  regexSet: TCompiledRuleSet['regexSet'];
  /** Which regexes of the set match the target: asked once per request, when a rule first needs it. */
  regexHits?: readonly number[];
  host: string;
  method: string;
  address?: ipaddr.IPv4 | ipaddr.IPv6 | null;
  target?: string;
  lowerPath?: string;
  identity?: ReadonlySet<string>;
};

type TMatcher = { test(rule: TCompiledRule, request: TRequest): boolean; explain(rule: TCompiledRule, request: TRequest): string };

const list = (items: readonly string[]) => `[${items.join(', ')}]`;

// Subjects are not here: they are checked last, because an anonymous request that passes all of
// these is told to sign in rather than refused.
const MATCHERS: readonly TMatcher[] = [
  {
    test: (rule, request) =>
      rule.domains === null ||
      rule.domains.exact.has(request.host) ||
      rule.domains.suffixes.some((suffix) => request.host.length > suffix.length && request.host.endsWith(suffix)),
    explain: (rule, request) => `domain ${request.host} is not in ${list(rule.source.domains)}`,
  },
  {
    test: (rule, request) => rule.methods === null || rule.methods.has(request.method),
    explain: (rule, request) => `method ${request.method} is not in ${list(rule.source.methods)}`,
  },
  {
    test: (rule, request) => {
      if (rule.networks === null) return true;
      const address = addressOf(request);
      return address !== null && isInCidrs(address, rule.networks);
    },
    explain: (rule, request) => `client ${request.facts.clientIp ?? '(unknown address)'} is not in ${list(rule.source.networks)}`,
  },
  {
    // Both ignore ASCII case: prefixes were lower-cased when compiled, the path is once per request; regexes are RE2 with case folding.
    test: (rule, request) => {
      if (rule.prefixes.length === 0 && rule.regexes.length === 0) return true;
      if (rule.prefixes.length > 0) {
        const path = lowerPathOf(request);
        for (const prefix of rule.prefixes) if (path.startsWith(prefix)) return true;
      }
      if (rule.regexes.length === 0) return false;
      if (request.regexSet) {
        const hits = (request.regexHits ??= request.regexSet.match(targetOf(request)));
        for (const id of rule.regexIds) if (hits.includes(id)) return true;
        return false;
      }
      for (const regex of rule.regexes) if (regex.test(targetOf(request))) return true;
      return false;
    },
    explain: (rule, request) => {
      const prefixes = rule.source.paths.filter((path) => path.kind === 'prefix').map((path) => path.value);
      const regexes = rule.source.paths.filter((path) => path.kind === 'regex').map((path) => path.value);
      return [
        prefixes.length > 0 ? `path ${request.facts.path} does not start with ${prefixes.join(' or ')} (ignoring case)` : null,
        regexes.length > 0 ? `${targetOf(request)} does not match ${regexes.join(' or ')} (ignoring case)` : null,
      ]
        .filter(Boolean)
        .join(', and ');
    },
  },
];

/**
 * Evaluates the rules for one request. Never throws for any facts: an unknown host, method or
 * address simply fails to match rules that name one.
 */
export function evaluateRules(set: TCompiledRuleSet, facts: TRequestFacts, defaultPolicy: TPolicy, options: { explain?: boolean } = {}): TEvaluation {
  const request: TRequest = { facts, regexSet: set.regexSet, host: normalizeHost(facts.host), method: facts.method.toUpperCase() };
  const trace: TEvaluation['trace'] = [];
  if (!options.explain) {
    // Only the rules that can match this host, still in order (first match wins).
    for (const index of candidates(set, request.host)) {
      const rule = set.rules[index]!;
      const outcome = checkRule(rule, request, null);
      if (outcome === 'no') continue;
      const decided = { id: rule.id, position: rule.position };
      return outcome === 'match'
        ? { policy: rule.policy, rule: decided, needsIdentity: false, trace }
        : { policy: 'one_factor', rule: decided, needsIdentity: true, trace };
    }
    return { policy: defaultPolicy, rule: null, needsIdentity: false, trace };
  }
  for (const rule of set.rules) {
    const reasons = options.explain ? [] : null;
    const outcome = checkRule(rule, request, reasons);
    if (reasons) trace.push({ id: rule.id, position: rule.position, matched: outcome === 'match', reasons: outcome === 'match' ? ['matched'] : reasons });
    if (outcome === 'no') continue;
    const decided = { id: rule.id, position: rule.position };
    return outcome === 'match'
      ? { policy: rule.policy, rule: decided, needsIdentity: false, trace }
      : { policy: 'one_factor', rule: decided, needsIdentity: true, trace };
  }
  return { policy: defaultPolicy, rule: null, needsIdentity: false, trace };
}

/** Positions of the rules whose domains can match `host`, ascending, without repeats. */
function candidates(set: TCompiledRuleSet, host: string): readonly number[] {
  const lists: (readonly number[])[] = [];
  if (set.index.other.length) lists.push(set.index.other);
  const exact = set.index.exact.get(host);
  if (exact) lists.push(exact);
  for (let dot = host.indexOf('.'); dot > 0; dot = host.indexOf('.', dot + 1)) {
    const bySuffix = set.index.suffix.get(host.slice(dot));
    if (bySuffix) lists.push(bySuffix);
  }
  if (lists.length <= 1) return lists[0] ?? [];
  const merged = lists.flat().sort((a, b) => a - b);
  return merged.filter((value, i) => i === 0 || value !== merged[i - 1]);
}

/** Without `reasons` it stops at the first mismatch; with them it checks everything, to explain it all. */
function checkRule(rule: TCompiledRule, request: TRequest, reasons: string[] | null): 'match' | 'no' | 'needs-identity' {
  let missed = false;
  for (const matcher of MATCHERS) {
    if (matcher.test(rule, request)) continue;
    if (!reasons) return 'no';
    reasons.push(matcher.explain(rule, request));
    missed = true;
  }
  if (rule.subjects.length === 0) return missed ? 'no' : 'match';
  const user = request.facts.user;
  if (!user) {
    reasons?.push(`nobody is signed in, and the rule is only for ${describeSubjects(rule)}: sign-in needed`);
    return missed ? 'no' : 'needs-identity';
  }
  const identity = identityOf(request, user);
  if (rule.subjects.some((group) => group.every((subject) => identity.has(subject)))) return missed ? 'no' : 'match';
  reasons?.push(`user ${user.username} is not in any subject group (${describeSubjects(rule)})`);
  return 'no';
}

/** 'App.Example.com.:8443' → 'app.example.com'; '[::1]:8443' → '[::1]'. */
function normalizeHost(raw: string): string {
  let host = raw.toLowerCase();
  const colon = host.lastIndexOf(':');
  if (colon > host.lastIndexOf(']')) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function addressOf(request: TRequest): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (request.address === undefined) request.address = request.facts.clientIp === null ? null : parseAddress(request.facts.clientIp);
  return request.address;
}

function lowerPathOf(request: TRequest): string {
  request.lowerPath ??= request.facts.path.toLowerCase();
  return request.lowerPath;
}

/** What a regex sees: Authelia matches `resources` against the path and the query together. */
function targetOf(request: TRequest): string {
  request.target ??= request.facts.query ? `${request.facts.path}?${request.facts.query}` : request.facts.path;
  return request.target;
}

function identityOf(request: TRequest, user: NonNullable<TRequestFacts['user']>): ReadonlySet<string> {
  request.identity ??= new Set([`user:${user.username.toLowerCase()}`, ...user.groups.map((group) => `group:${group.toLowerCase()}`)]);
  return request.identity;
}

function describeSubjects(rule: TCompiledRule): string {
  return rule.source.subjects.map((group) => (group.length > 1 ? `(${group.join(' and ')})` : group.join(''))).join(' or ');
}
