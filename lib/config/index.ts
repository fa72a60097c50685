/**
 * Gatehouse configuration, parsed once at start with zod, one file per concern. A use case takes
 * the slice it needs (`MailEnv`, `DatabaseEnv`, …); the whole `Env` fits every slice.
 * This folder imports no domain code.
 */
export type { DatabaseConfig, DatabaseEnv, Dialect, StorageEnv } from './database';
export type { DirectoryConfig, DirectoryEnv } from './directory';
export {
  DIRECTORY_PRESET_IDS,
  DIRECTORY_PRESETS,
  GROUPS_FROM,
  NESTED_GROUPS,
  type DirectoryPreset,
  type DirectoryPresetId,
  type GroupsFrom,
  type NestedGroups,
} from './directory-presets';
export { DIRECTORY_VARIABLES, SEALED_VARIABLES, type DirectoryVariable, type SealedVariable } from './directory-variables';
export { ConfigError } from './errors';
export { STORABLE_VARIABLES, type StorableVariable, type StoredVariables, type VariableSource } from './layers';
export { applyStoredVariables, getEnv, getStorageEnv, previewStoredVariables, resetEnvForTests, storableSources } from './load-env';
export { isLoopbackHost } from './loopback';
export type { MailEnv, SmtpConfig } from './mail';
export { MIN_METRICS_TOKEN_LENGTH, type LogFormat, type MetricsConfig, type ObservabilityEnv } from './observability';
export type { PaperlessConfig, PaperlessEnv } from './paperless';
export { parseEnv, type Env } from './parse-env';
export type { RegulationEnv, RegulationPolicy } from './regulation';
export type { AssuranceConfig, AssuranceEnv, SecondFactorConfig, SecondFactorEnv } from './second-factor';
export type { Secrets, SecretsEnv } from './secrets';
export type { CookieConfig, CookieEnv, ListenEnv, PortalEnv } from './server';
export type { PasswordLinkEnv, SessionConfig, SessionEnv } from './sessions';
export type { ProviderConfig, SignupConfig, SignupEnv, SignupPolicy, SignupSettings } from './signup';
export type { CidrRange, TrustedProxiesEnv } from './trusted-proxies';
export type { VerifyConfig, VerifyEnv } from './verify';
