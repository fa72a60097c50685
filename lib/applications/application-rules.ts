/**
 * The access rules an application writes, derived from it alone (pure). They are evaluated after
 * every hand-written rule and before the default policy (lib/rules/list-rules.ts), in this order:
 *   1. its public path prefixes on its hosts → bypass (anyone, signed in or not);
 *   2. its hosts, for the users and groups in `subjects` → its level. An anonymous visitor matches
 *      everything here but the subjects, so the verify endpoint sends them to sign in first
 *      (lib/policy/evaluate.ts: needsIdentity) instead of refusing them;
 *   3. its hosts → deny: a signed-in user outside the subjects gets 403.
 * With no subjects, rule 2 names nobody and lets every signed-in user in at the level (anonymous
 * visitors are sent to sign in), and rule 3 is not written.
 * Hosts are compared without their port, as the verify endpoint does.
 */
import { EMPTY_RULE } from '../policy/empty-rule';
import type { TRuleInput } from '../policy/types';
import { hostOfOrigin } from './canonical-origin';
import type { TApplicationInput } from './types';

export function applicationRules(app: Pick<TApplicationInput, 'name' | 'urls' | 'subjects' | 'level' | 'publicPaths'>): TRuleInput[] {
  const domains = [...new Set(app.urls.map(hostOfOrigin))];
  if (domains.length === 0) return [];
  const rules: TRuleInput[] = [];
  if (app.publicPaths.length > 0) {
    rules.push({
      ...EMPTY_RULE,
      description: `${app.name}: public paths`,
      domains,
      paths: app.publicPaths.map((value) => ({ kind: 'prefix', value })),
      policy: 'bypass',
    });
  }
  if (app.subjects.length === 0) {
    rules.push({ ...EMPTY_RULE, description: `${app.name}: every signed-in user`, domains, policy: app.level });
    return rules;
  }
  rules.push({
    ...EMPTY_RULE,
    description: `${app.name}: its users and groups`,
    domains,
    subjects: app.subjects.map((subject) => [subject]),
    policy: app.level,
  });
  rules.push({ ...EMPTY_RULE, description: `${app.name}: everyone else is refused`, domains, policy: 'deny' });
  return rules;
}
