/**
 * Turns stored rules into a form the verify endpoint can evaluate without parsing anything:
 * compiled once when the rules change, then used for every request.
 */
import type { Cidr } from '@/lib/http/client-ip';
import { parseNetwork } from './parse-network';
import { comparablePrefix } from './path-prefix';
import { compilePathRegex, compileRegexSet, type TCompiledRegex, type TRegexSet } from './regex-problem';
import type { TPolicy, TStoredRule } from './types';

export type TCompiledRule = {
  readonly id: string;
  readonly position: number;
  readonly policy: TPolicy;
  /** The rule as stored, for explanations only. */
  readonly source: TStoredRule;
  /** Why the rule can never match, or null when it compiled. */
  readonly problem: string | null;
  /** null means any domain. Suffixes are '.example.com' for '*.example.com'. */
  readonly domains: { readonly exact: ReadonlySet<string>; readonly suffixes: readonly string[] } | null;
  /** Both empty means any path. Prefixes canonical and lower-cased (compared with the lower-cased path); regexes RE2, case-insensitive. */
  readonly prefixes: readonly string[];
  readonly regexes: readonly TCompiledRegex[];
  /** The positions of `regexes` in the rule set's `regexSet`, in the same order. */
  readonly regexIds: readonly number[];
  /** null means any method, any network. */
  readonly methods: ReadonlySet<string> | null;
  readonly networks: readonly Cidr[] | null;
  /** OR of AND-groups; empty means anyone. */
  readonly subjects: readonly (readonly string[])[];
};

export type TCompiledRuleSet = {
  readonly rules: readonly TCompiledRule[];
  /**
   * Positions in `rules` by exact domain, by wildcard suffix ('.example.com' for '*.example.com'),
   * and of the rules for any domain: a request is tried only against the rules that can match its
   * host, which keeps 500 rules nearly as fast as 5.
   */
  readonly index: {
    readonly exact: ReadonlyMap<string, readonly number[]>;
    readonly suffix: ReadonlyMap<string, readonly number[]>;
    readonly other: readonly number[];
  };
  /** Rules that never match because part of them could not be compiled. */
  readonly problems: readonly { id: string; position: number; message: string }[];
  /** Every rule's regexes in one RE2 set (regexIds index it), or null: then each regex is tested alone. */
  readonly regexSet: TRegexSet | null;
};

/**
 * Compiles rules in `position` order. Never throws: a rule with a regex, network or subject group that
 * cannot be used (stored before a check existed, or edited in the database) becomes a rule that denies
 * every request to its domains and methods, and is listed in `problems`: one bad rule can neither take
 * the verify endpoint down nor open anything.
 */
export function compileRules(rules: readonly TStoredRule[]): TCompiledRuleSet {
  const sources: string[] = [];
  const compiled = [...rules].sort((a, b) => a.position - b.position).map((rule) => compileRule(rule, sources));
  const exact = new Map<string, number[]>();
  const suffix = new Map<string, number[]>();
  const other: number[] = [];
  const add = (map: Map<string, number[]>, key: string, i: number) => (map.get(key) ?? map.set(key, []).get(key)!).push(i);
  compiled.forEach((rule, i) => {
    if (rule.domains === null) {
      other.push(i);
      return;
    }
    for (const domain of rule.domains.exact) add(exact, domain, i);
    for (const end of rule.domains.suffixes) add(suffix, end, i);
  });
  return {
    rules: compiled,
    index: { exact, suffix, other },
    problems: compiled.flatMap((rule) => (rule.problem === null ? [] : [{ id: rule.id, position: rule.position, message: rule.problem }])),
    regexSet: compileRegexSet(sources),
  };
}

/** `sources` collects the regexes of the rules that compiled, for the rule set's RE2 set. */
function compileRule(rule: TStoredRule, sources: string[]): TCompiledRule {
  const problems: string[] = [];
  const regexes: TCompiledRegex[] = [];
  for (const path of rule.paths) {
    if (path.kind !== 'regex') continue;
    // The same check as the form: a stored regex RE2 cannot compile (or too large) makes the rule broken.
    const compiled = compilePathRegex(path.value);
    if (compiled.ok) regexes.push(compiled.regex);
    else problems.push(`regex ${path.value}: ${compiled.problem}`);
  }
  const networks: Cidr[] = [];
  for (const network of rule.networks) {
    const range = parseNetwork(network);
    if (range) networks.push(range);
    else problems.push(`${network} is not an IP address or CIDR range.`);
  }
  // An empty AND-group would match everyone, which no admin means.
  if (rule.subjects.some((group) => group.length === 0)) problems.push('A subject group is empty.');
  const domains = rule.domains.map((domain) => domain.toLowerCase());
  const broken = problems.length > 0;
  const regexIds = broken ? [] : regexes.map((regex) => sources.push(regex.pattern()) - 1);
  return {
    id: rule.id,
    position: rule.position,
    // Fail closed: a rule that cannot be read as written denies every request to its domains and
    // methods (its unreadable paths, networks and subjects count as "any"), so neither a broken
    // allow rule nor a broken deny rule can let a request fall through to something more open.
    policy: broken ? 'deny' : rule.policy,
    source: rule,
    problem: broken ? problems.join(' ') : null,
    domains:
      domains.length === 0
        ? null
        : {
            exact: new Set(domains.filter((domain) => !domain.startsWith('*.'))),
            suffixes: domains.filter((domain) => domain.startsWith('*.')).map((domain) => domain.slice(1)),
          },
    prefixes: broken ? [] : rule.paths.filter((path) => path.kind === 'prefix').map((path) => comparablePrefix(path.value)),
    regexes: broken ? [] : regexes,
    regexIds,
    methods: rule.methods.length === 0 ? null : new Set(rule.methods.map((method) => method.toUpperCase())),
    networks: broken || rule.networks.length === 0 ? null : networks,
    subjects: broken ? [] : rule.subjects.map((group) => group.map((subject) => subject.toLowerCase())),
  };
}
