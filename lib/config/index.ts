/**
 * Gatehouse configuration, parsed once at start with zod, one file per concern. A use case takes
 * the slice it needs (`MailEnv`, `DatabaseEnv`, …); the whole `Env` fits every slice.
 * This folder imports no domain code.
 */
export type { DatabaseConfig, DatabaseEnv, Dialect, StorageEnv } from './database';
export { ConfigError } from './errors';
export { STORABLE_VARIABLES, type StorableVariable, type StoredVariables, type VariableSource } from './layers';
export { applyStoredVariables, getEnv, getStorageEnv, previewStoredVariables, resetEnvForTests, storableSources } from './load-env';
export { isLoopbackHost } from './loopback';
export type { MailEnv, SmtpConfig } from './mail';
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
