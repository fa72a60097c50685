/**
 * The rule editor's text fields ↔ a rule. Shared by the form (client) and the action (server):
 * one line per domain, path, network or subject group, which is how people write these lists.
 *
 *   paths:    "/api/" is a prefix; a line starting with "^" (or a flag group "(?") is a regular expression
 *   subjects: one line per alternative; "group:family & group:paperless" needs both
 */
import { z } from 'zod';
import { POLICIES, type TRuleInput } from '../policy/types';

export type RuleFormFields = {
  description: string;
  domains: string;
  paths: string;
  methods: string[];
  subjects: string;
  networks: string;
  policy: string;
};

/**
 * The help under the paths field of the rule editor: how paths are matched (RE2 syntax, case
 * ignored, the canonical path the verify endpoint judges).
 */
export const PATHS_FIELD_HELP =
  'One per line. /api/ matches paths starting with it; a line starting with ^ is a regular expression in RE2 syntax (as in Authelia: no lookahead or backreferences), tested on path and query (^/api/.*$). Both ignore case: /admin also covers /ADMIN. Empty: any path.';

const isRegexLine = (line: string) => line.startsWith('^') || line.startsWith('(?');

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Text fields → a rule (not yet validated: ZRuleInput does that). */
export function ruleFromFields(fields: RuleFormFields): TRuleInput {
  return {
    description: fields.description.trim(),
    domains: lines(fields.domains).map((d) => d.toLowerCase()),
    paths: lines(fields.paths).map((value) => ({ kind: isRegexLine(value) ? 'regex' : 'prefix', value })),
    methods: [...new Set(fields.methods.map((m) => m.trim().toUpperCase()).filter(Boolean))],
    subjects: lines(fields.subjects).map((line) =>
      line
        .split('&')
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean),
    ),
    networks: lines(fields.networks),
    policy: fields.policy as TRuleInput['policy'],
  };
}

/** A rule → the text the editor shows. */
export function fieldsFromRule(rule: TRuleInput): RuleFormFields {
  return {
    description: rule.description,
    domains: rule.domains.join('\n'),
    paths: rule.paths.map((p) => p.value).join('\n'),
    methods: rule.methods,
    subjects: rule.subjects.map((group) => group.join(' & ')).join('\n'),
    networks: rule.networks.join('\n'),
    policy: rule.policy,
  };
}

/** What the rule form posts, before it becomes a rule. Each field is bounded here already. */
export const ZRuleFormFields = z.object({
  description: z.string().max(1000).default(''),
  domains: z.string().max(20_000).default(''),
  paths: z.string().max(40_000).default(''),
  // One checkbox checked arrives as a string, several as a list, none as nothing.
  methods: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(20)).max(30)),
  subjects: z.string().max(20_000).default(''),
  networks: z.string().max(20_000).default(''),
  policy: z.enum(POLICIES, { error: 'Choose what happens to matching requests.' }),
});
