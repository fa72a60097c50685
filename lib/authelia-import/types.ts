/**
 * The shapes shared by reading an Authelia installation (read/, plan/) and importing it (apply/).
 *
 * Three layers, from most to least secret:
 * - AutheliaInstallation: everything read, secrets included (decrypted TOTP seeds, password hashes,
 *   the SMTP password, OIDC client secret digests). Lives only in memory: never logged, never sent
 *   to the browser, never written to the audit log.
 * - ImportPlan: what each thing becomes in Gatehouse, with the data apply needs (secrets included).
 * - ImportReport: the plan without any secret — what the CLI prints and the browser shows. A
 *   separate type (and toImportReport, plan/to-report.ts, the one way to make it) so a secret cannot
 *   reach a page by accident.
 */
import type { ImportedHashFormat } from '../auth/password/imported-hash-formats';
import type { TImportError } from '../policy/yaml-limits';
import type { TPolicy, TRuleInput } from '../policy/types';

// ---------------------------------------------------------------------------------------------
// What was read
// ---------------------------------------------------------------------------------------------

/** The password-hash formats Authelia writes (go-crypt) that Gatehouse verifies as they are. */
export type { ImportedHashFormat } from '../auth/password/imported-hash-formats';

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number];

/** A user of `users_database.yml`. */
export type AutheliaUser = {
  /** As written; Gatehouse's username is its lower-case form. */
  username: string;
  displayName: string;
  /** Lower-cased; null when the file has none. */
  email: string | null;
  groups: string[];
  disabled: boolean;
  /** SECRET. The stored hash as written (a PHC/crypt string); its format is checked by the plan. */
  passwordHash: string;
  /** The line of the user in the file, for messages. */
  line: number;
};

/** A row of Authelia's `totp_configurations`, its secret decrypted. */
export type AutheliaTotp = {
  username: string;
  issuer: string | null;
  algorithm: TotpAlgorithm;
  digits: 6 | 8;
  period: number;
  /** SECRET. The shared secret as base32 (RFC 4648, no padding), as the authenticator app has it. */
  secret: string;
  createdAt: Date | null;
  lastUsedAt: Date | null;
};

/** A row of Authelia's `webauthn_credentials`, its public key decrypted. */
export type AutheliaWebAuthn = {
  username: string;
  description: string;
  rpId: string;
  /** Credential id, base64url without padding (Gatehouse's form; Authelia stores standard base64). */
  credentialId: string;
  /** COSE public key, base64url without padding. Not a secret, but encrypted at rest by Authelia. */
  publicKey: string;
  signCount: number;
  aaguid: string | null;
  transports: string[];
  /** Its user handle: base64url of webauthn_users.userid, null when unknown. */ userHandle: string | null;
  discoverable: boolean;
  backupEligible: boolean;
  backupState: boolean;
  /** "platform" | "cross-platform" | "" as Authelia recorded it. */
  attachment: string;
  createdAt: Date | null;
  lastUsedAt: Date | null;
};

/** An entry of `identity_providers.oidc.clients`. */
export type AutheliaOidcClient = {
  clientId: string;
  name: string;
  public: boolean;
  /** SECRET. The client secret as configured: a digest (`$pbkdf2-sha512$…`, `$argon2id$…`) or `$plaintext$…`; null for public clients. */
  secretDigest: string | null;
  redirectUris: string[];
  scopes: string[];
  /** Authelia's consent_mode: explicit | implicit | pre-configured | auto. */
  consentMode: string;
  /** Authelia's authorization_policy: one_factor | two_factor (or a named policy). */
  authorizationPolicy: string;
  tokenEndpointAuthMethod: string | null;
  requirePkce: boolean;
  line: number;
};

export type AutheliaSettings = {
  accessControl: { defaultPolicy: TPolicy | null; rules: TRuleInput[]; errors: TImportError[] } | null;
  session: {
    /** The cookie domains (session.cookies[].domain, or the legacy session.domain). */
    domains: string[];
    /** The portal URLs (session.cookies[].authelia_url), when given. */
    autheliaUrls: string[];
    expirationMs: number | null;
    inactivityMs: number | null;
    rememberMeMs: number | null;
  };
  regulation: { maxRetries: number | null; findTimeMs: number | null; banTimeMs: number | null };
  totp: { issuer: string | null; algorithm: TotpAlgorithm | null; digits: number | null; period: number | null; disabled: boolean };
  webauthn: { disabled: boolean; displayName: string | null };
  smtp: {
    /** From notifier.smtp.address (smtp://host:port, submissions://…) or the legacy host/port. */
    host: string;
    port: number;
    /** Implicit TLS (submissions:// or port 465). */
    secure: boolean;
    username: string | null;
    /** SECRET. From notifier.smtp.password or AUTHELIA_NOTIFIER_SMTP_PASSWORD_FILE. */
    password: string | null;
    sender: string | null;
    tlsSkipVerify: boolean;
  } | null;
};

/** Something found while reading that the admin should see; never carries a secret. */
export type ReadProblem = { where: string; message: string; line?: number };

export type AutheliaStorageInfo =
  | { kind: 'sqlite'; path: string; schemaVersion: number }
  | { kind: 'postgres'; host: string; database: string; schemaVersion: number }
  | { kind: 'none'; reason: string };

export type AutheliaInstallation = {
  /** Where it came from, for the report: a folder on the server or uploaded files. */
  source: { kind: 'folder'; path: string } | { kind: 'upload' };
  users: AutheliaUser[];
  totp: AutheliaTotp[];
  webauthn: AutheliaWebAuthn[];
  oidcClients: AutheliaOidcClient[];
  settings: AutheliaSettings;
  storage: AutheliaStorageInfo;
  problems: ReadProblem[];
};

/** Secrets the admin gives instead of files (the upload form, or a missing `*_FILE`); they win over both. */
export type AutheliaSecretsInput = {
  storageEncryptionKey?: string;
  storagePostgresPassword?: string;
  smtpPassword?: string;
};

/** What read/read-installation.ts takes: a folder on the server, or the files' contents. */
export type AutheliaInstallationInput =
  | {
      kind: 'folder';
      path: string;
      secrets?: AutheliaSecretsInput;
      /**
       * The Authelia container's `*_FILE` variables (e.g. from its compose file), such as
       * AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE=/run/secrets/STORAGE_ENCRYPTION_KEY: the file's name is
       * looked up in the folder's .secrets/ or secrets/ (nothing outside the folder is read).
       */
      fileVariables?: Record<string, string>;
    }
  | {
      kind: 'upload';
      configuration: string;
      usersDatabase: string | null;
      /** The SQLite storage file (authelia.db), when storage is local. */
      storageDb: Uint8Array | null;
      secrets?: AutheliaSecretsInput;
    };

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

export type ImportChoices = { onConflict: 'skip' | 'merge'; mergeConsent: boolean };
export const DEFAULT_CHOICES: ImportChoices = { onConflict: 'skip', mergeConsent: false };

/** What Gatehouse knows that the plan depends on. */
export type PlanEnv = {
  /** Gatehouse's WebAuthn relying-party id (config secondFactor.rpId). */
  webauthnRpId: string;
  /**
   * Gatehouse's encryption key (config secrets.encryptionKey). With it the plan opens the TOTP
   * secrets and the SMTP password already stored to tell "unchanged" from "update" on a second import.
   */
  encryptionKey: Buffer;
};

export const IMPORT_CATEGORIES = ['users', 'groups', 'passwords', 'totp', 'webauthn', 'rules', 'settings', 'oidcClients'] as const;
export type ImportCategory = (typeof IMPORT_CATEGORIES)[number];
/** What each category is called in the report (the CLI and the admin page). */
export const IMPORT_CATEGORY_LABELS: Record<ImportCategory, string> = {
  users: 'Users',
  groups: 'Groups',
  passwords: 'Passwords',
  totp: 'Authenticator apps',
  webauthn: 'Security keys and passkeys',
  rules: 'Access rules',
  settings: 'Settings',
  oidcClients: 'OpenID Connect clients',
};

/**
 * create: new in Gatehouse. update: merges into an existing record (only with consent).
 * unchanged: already there as it would be (a second import). skip: left out by choice.
 * conflict: clashes with Gatehouse's data and nothing was chosen that resolves it.
 * refused: cannot be carried over (the reason says why).
 */
export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip' | 'conflict' | 'refused';

export type PlanItem<D> = {
  /** Stable and unique within its category: a username, group name, credential id, rule number, setting name. */
  key: string;
  action: ImportAction;
  /** Why it is skipped, refused or in conflict. Never a secret. */
  reason?: string;
  /** What it becomes, in words. Never a secret. */
  detail: string;
  /** What apply needs to carry it out (may hold secrets; never in the report). */
  data: D;
};

export type PlannedUser = {
  /** Lower-cased. */
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  groups: string[];
  /** The Gatehouse user this merges into (action update/unchanged), else null. */
  existingUserId: string | null;
};
export type PlannedGroup = { name: string; existingGroupId: string | null };
export type PlannedPassword = { username: string; format: ImportedHashFormat /** SECRET */; passwordHash: string };
export type PlannedTotp = {
  username: string;
  /** SECRET. base32. */
  secret: string;
  algorithm: TotpAlgorithm;
  digits: 6 | 8;
  period: number;
  name: string;
  createdAt: Date | null;
};
export type PlannedWebAuthn = {
  username: string;
  name: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  aaguid: string | null;
  transports: string[];
  /** Authelia's user handle (base64url); null: Gatehouse's user id. */ userHandle: string | null;
  discoverable: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  createdAt: Date | null;
};
export type PlannedRule = { kind: 'rule'; position: number; rule: TRuleInput } | { kind: 'defaultPolicy'; policy: TPolicy };
/** A Gatehouse variable (lib/config/variables.ts) and the value Authelia's configuration gives it. */
export type PlannedSetting = { variable: string; value: string /** true: the value is a secret (the SMTP password) */; secret: boolean };
export type PlannedOidcClient = Omit<AutheliaOidcClient, 'line'>;

export type ImportPlan = {
  source: AutheliaInstallation['source'];
  storage: AutheliaStorageInfo;
  choices: ImportChoices;
  users: PlanItem<PlannedUser>[];
  groups: PlanItem<PlannedGroup>[];
  passwords: PlanItem<PlannedPassword>[];
  totp: PlanItem<PlannedTotp>[];
  webauthn: PlanItem<PlannedWebAuthn>[];
  rules: PlanItem<PlannedRule>[];
  settings: PlanItem<PlannedSetting>[];
  oidcClients: PlanItem<PlannedOidcClient>[];
  /** Reading problems and anything else worth a line in the report. */
  problems: ReadProblem[];
  /** False when something must be resolved first (a conflict without a choice): apply refuses the plan. */
  applicable: boolean;
};

// ---------------------------------------------------------------------------------------------
// The report: the plan without secrets
// ---------------------------------------------------------------------------------------------

export type ReportItem = Omit<PlanItem<unknown>, 'data'>;

export type ImportReport = {
  source: AutheliaInstallation['source'];
  storage: AutheliaStorageInfo;
  choices: ImportChoices;
  categories: Record<ImportCategory, ReportItem[]>;
  /** Per category, how many items of each action. */
  counts: Record<ImportCategory, Partial<Record<ImportAction, number>>>;
  problems: ReadProblem[];
  applicable: boolean;
};
