import type { TRuleInput } from '../policy/types';

/** A one-line summary of a rule, for audit events, confirmations and the rule list. */
export function describeRule(rule: TRuleInput & { position?: number }): string {
  const parts = [
    rule.domains.length ? rule.domains.join(', ') : 'any domain',
    rule.paths.length ? rule.paths.map((p) => (p.kind === 'prefix' ? `${p.value}…` : `~${p.value}`)).join(', ') : null,
    rule.methods.length ? rule.methods.join('/') : null,
    rule.subjects.length ? rule.subjects.map((group) => group.join(' & ')).join(' or ') : null,
    rule.networks.length ? `from ${rule.networks.join(', ')}` : null,
  ].filter(Boolean);
  const head = rule.position ? `#${rule.position} ` : '';
  const name = rule.description ? `${rule.description}: ` : '';
  return `${head}${name}${parts.join(' · ')} → ${rule.policy}`.slice(0, 300);
}
