/**
 * Access rules in the database: rows ↔ rule objects, the default policy, and a version number
 * that every change bumps (in the same transaction), so other instances notice and reload.
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../db';
import { EMPTY_RULE } from '../policy/empty-rule';
import { POLICIES, type TPolicy, type TRuleInput, type TStoredRule } from '../policy/types';
import { publish } from '../events/local-bus';

export const DEFAULT_POLICY_KEY = 'access.default_policy';
export const RULES_VERSION_KEY = 'access.rules_version';
/** "true": every rule that asks for one factor asks for two (an admin setting). */
export const REQUIRE_TWO_FACTOR_KEY = 'access.require_two_factor';
/** With no rules and no setting, nothing passes. */
export const FALLBACK_DEFAULT_POLICY: TPolicy = 'deny';

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
    return { ...EMPTY_RULE, id: row.id, position: row.position, description: `UNREADABLE RULE (denies everything): ${row.description}`.slice(0, 200), policy: 'deny' };
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

const RULE_COLUMNS = { id: true, position: true, description: true, domains: true, paths: true, methods: true, subjects: true, networks: true, policy: true } as const;

export async function listRules(db: DbOrTx): Promise<TStoredRule[]> {
  const rows = await db.accessRule.findMany({ select: RULE_COLUMNS, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
  return rows.map(rowToRule);
}

export async function readSetting(db: DbOrTx, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key }, select: { value: true } }))?.value ?? null;
}

export async function readDefaultPolicy(db: DbOrTx): Promise<TPolicy> {
  const value = await readSetting(db, DEFAULT_POLICY_KEY);
  return value && (POLICIES as readonly string[]).includes(value) ? (value as TPolicy) : FALLBACK_DEFAULT_POLICY;
}

export async function readRulesVersion(db: DbOrTx): Promise<string> {
  return (await readSetting(db, RULES_VERSION_KEY)) ?? 'initial';
}

export async function readRequireTwoFactor(db: DbOrTx): Promise<boolean> {
  return (await readSetting(db, REQUIRE_TWO_FACTOR_KEY)) === 'true';
}

export async function loadRuleSet(db: DbOrTx): Promise<{ rules: TStoredRule[]; defaultPolicy: TPolicy; requireTwoFactor: boolean; version: string }> {
  const [rules, defaultPolicy, requireTwoFactor, version] = [await listRules(db), await readDefaultPolicy(db), await readRequireTwoFactor(db), await readRulesVersion(db)];
  return { rules, defaultPolicy, requireTwoFactor, version };
}

/** Call inside the transaction that changes rules or the default policy. */
export async function bumpRulesVersion(db: DbOrTx): Promise<void> {
  const value = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  await db.setting.upsert({ where: { key: RULES_VERSION_KEY }, create: { key: RULES_VERSION_KEY, value }, update: { value } });
}

/** After the commit: this instance recompiles its rules at once. */
export function announceRulesChanged(): void {
  publish('rules-changed', {});
}

/** Rewrites positions 1…n in the given order (inside a transaction). */
export async function renumber(db: DbOrTx, orderedIds: string[]): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    await db.accessRule.update({ where: { id }, data: { position: index + 1 } });
  }
}
