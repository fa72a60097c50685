/**
 * Access rules as database rows and back: each list is a JSON text column. A row that cannot be
 * read becomes a rule that denies everything (it fails closed).
 */
import { EMPTY_RULE } from '../policy/empty-rule';
import { POLICIES, type TPolicy, type TRuleInput, type TStoredRule } from '../policy/types';

type RuleRow = {
  id: string;
  position: number;
  description: string;
  domains: string;
  paths: string;
  methods: string;
  subjects: string;
  networks: string;
  policy: string;
};

function parseList<T>(text: string): T[] {
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new Error('not a list');
  return value as T[];
}

/**
 * A stored row as a rule. A row that cannot be read (hand-edited database) becomes a rule that
 * matches everything and denies: it fails closed, and shows up in the admin list to be fixed.
 */
export function rowToRule(row: RuleRow): TStoredRule {
  try {
    if (!(POLICIES as readonly string[]).includes(row.policy)) throw new Error('unknown policy');
    return {
      id: row.id,
      position: row.position,
      description: row.description,
      domains: parseList<string>(row.domains),
      paths: parseList<TRuleInput['paths'][number]>(row.paths),
      methods: parseList<string>(row.methods),
      subjects: parseList<string[]>(row.subjects),
      networks: parseList<string>(row.networks),
      policy: row.policy as TPolicy,
    };
  } catch {
    return {
      ...EMPTY_RULE,
      id: row.id,
      position: row.position,
      description: `UNREADABLE RULE (denies everything): ${row.description}`.slice(0, 200),
      policy: 'deny',
    };
  }
}

export function ruleToColumns(input: TRuleInput) {
  return {
    description: input.description,
    domains: JSON.stringify(input.domains),
    paths: JSON.stringify(input.paths),
    methods: JSON.stringify(input.methods),
    subjects: JSON.stringify(input.subjects),
    networks: JSON.stringify(input.networks),
    policy: input.policy,
  };
}

export const RULE_COLUMNS = {
  id: true,
  position: true,
  description: true,
  domains: true,
  paths: true,
  methods: true,
  subjects: true,
  networks: true,
  policy: true,
} as const;
