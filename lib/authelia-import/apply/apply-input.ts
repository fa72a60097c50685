/**
 * What applying an Authelia import works on: the plan's data (lib/authelia-import/types.ts) with
 * the items the plan could not carry over left out, and what it did to each item. Holds secrets
 * (password hashes, TOTP seeds, client secret digests, the SMTP password): it lives only in
 * memory, between the plan and the transaction, and is never logged nor sent to a page.
 */
import type { TPolicy, TRuleInput } from '../../policy/types';
import type { ImportCategory, PlannedOidcClient, PlannedSetting, PlannedTotp, PlannedWebAuthn } from '../types';

/** User.signupMethod of the accounts the import creates: a re-import brings them in step, never as a conflict. */
export const IMPORT_SIGNUP_METHOD = 'authelia-import';

export type ApplyUser = {
  username: string;
  displayName: string;
  email: string;
  disabled: boolean;
  groups: string[];
  /** The digest as users_database.yml holds it (argon2id, $6$, pbkdf2, bcrypt, scrypt), or null. */
  passwordHash: string | null;
};

export type ApplyInput = {
  users: ApplyUser[];
  totp: PlannedTotp[];
  webauthn: PlannedWebAuthn[];
  rules: { rules: TRuleInput[]; defaultPolicy: TPolicy | null } | null;
  settings: PlannedSetting[];
  oidcClients: PlannedOidcClient[];
};

export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'refused';
export type ApplyItemResult = { key: string; outcome: ApplyOutcome; reason?: string };
export type ApplyResult = {
  /** False when nothing was written (a second import of the same folder): no audit event either. */
  changed: boolean;
  items: Record<ImportCategory, ApplyItemResult[]>;
  /** Per category, how many of each outcome. */
  counts: Record<ImportCategory, Partial<Record<ApplyOutcome, number>>>;
};
