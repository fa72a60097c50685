/**
 * Every configuration variable with its default, in one schema. The order of the keys is the
 * order problems are reported in, so it stays as it is.
 */
import { z } from 'zod';
import { DIRECTORY_PRESET_IDS, GROUPS_FROM, NESTED_GROUPS } from './directory-presets';
import { bool, count, DAY, duration, HOUR, port } from './fields';

export const ZRawEnv = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  GATEHOUSE_APP_NAME: z.string().trim().min(1).max(60).default('Gatehouse'),
  GATEHOUSE_PORT: port('GATEHOUSE_PORT').default(9091),
  GATEHOUSE_LISTEN: z.string().trim().min(1).default('127.0.0.1'),
  GATEHOUSE_URL: z.string().trim().optional(),
  GATEHOUSE_COOKIE_DOMAIN: z.string().trim().optional(),
  GATEHOUSE_COOKIE_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'GATEHOUSE_COOKIE_NAME may contain only letters, digits, _ and -')
    .default('gatehouse_session'),
  GATEHOUSE_ALLOW_HTTP: bool('GATEHOUSE_ALLOW_HTTP').default(false),
  GATEHOUSE_DATA_DIR: z.string().trim().min(1).default('data'),
  DATABASE_URL: z.string().trim().optional(),
  GATEHOUSE_SESSION_MAX_AGE: duration('GATEHOUSE_SESSION_MAX_AGE', 5 * 60_000, 400 * DAY).default(7 * DAY),
  GATEHOUSE_SESSION_IDLE_TIMEOUT: duration('GATEHOUSE_SESSION_IDLE_TIMEOUT', 5 * 60_000, 400 * DAY).default(12 * HOUR),
  GATEHOUSE_PASSWORD_LINK_TTL: duration('GATEHOUSE_PASSWORD_LINK_TTL', 5 * 60_000, 30 * DAY).default(2 * DAY),
  GATEHOUSE_TRUSTED_PROXIES: z.string().default('127.0.0.0/8,::1/128'),
  GATEHOUSE_REDIRECT_DOMAINS: z.string().default(''),
  GATEHOUSE_DEVICE_LINK_TTL: duration('GATEHOUSE_DEVICE_LINK_TTL', 60_000, 60 * 60_000).default(5 * 60_000),
  GATEHOUSE_SUDO_TTL: duration('GATEHOUSE_SUDO_TTL', 60_000, 12 * HOUR).default(10 * 60_000),
  GATEHOUSE_TOTP_ISSUER: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[^:]+$/, 'GATEHOUSE_TOTP_ISSUER must not contain ":"')
    .optional(),
  GATEHOUSE_WEBAUTHN_RP_ID: z.string().trim().toLowerCase().optional(),
  GATEHOUSE_WEBAUTHN_RP_NAME: z.string().trim().min(1).max(60).optional(),
  GATEHOUSE_VERIFY_CACHE_TTL: duration('GATEHOUSE_VERIFY_CACHE_TTL', 0, 5 * 60_000).default(10_000),
  GATEHOUSE_VERIFY_DEBUG_HEADERS: bool('GATEHOUSE_VERIFY_DEBUG_HEADERS').default(false),
  GATEHOUSE_SMTP_HOST: z.string().trim().optional(),
  GATEHOUSE_SMTP_PORT: port('GATEHOUSE_SMTP_PORT').optional(),
  GATEHOUSE_SMTP_SECURE: bool('GATEHOUSE_SMTP_SECURE').optional(),
  GATEHOUSE_SMTP_STARTTLS: bool('GATEHOUSE_SMTP_STARTTLS').default(false),
  GATEHOUSE_SMTP_USER: z.string().optional(),
  GATEHOUSE_SMTP_PASSWORD: z.string().optional(),
  GATEHOUSE_SMTP_TLS_VERIFY: bool('GATEHOUSE_SMTP_TLS_VERIFY').default(true),
  GATEHOUSE_MAIL_FROM: z.string().trim().optional(),
  GATEHOUSE_ENCRYPTION_KEY: z.string().trim().optional(),
  GATEHOUSE_EMAIL_LINK_TTL: duration('GATEHOUSE_EMAIL_LINK_TTL', 60_000, 60 * 60_000).default(10 * 60_000),
  GATEHOUSE_INVITATION_TTL: duration('GATEHOUSE_INVITATION_TTL', 60 * 60_000, 90 * DAY).default(7 * DAY),
  GATEHOUSE_PAPERLESS_URL: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_PUBLIC_URL: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_ADMIN_TOKEN: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_TOKEN_SOURCE: z
    .enum(['password', 'remote_user'], { message: 'GATEHOUSE_PAPERLESS_TOKEN_SOURCE must be password or remote_user' })
    .default('password'),
  GATEHOUSE_PAPERLESS_REMOTE_USER_URL: z.string().trim().optional(),
  GATEHOUSE_REGULATION_MAX_FAILURES: count('GATEHOUSE_REGULATION_MAX_FAILURES', 1, 100).default(5),
  GATEHOUSE_REGULATION_WINDOW: duration('GATEHOUSE_REGULATION_WINDOW', 10_000, DAY).default(2 * 60_000),
  GATEHOUSE_REGULATION_BAN: duration('GATEHOUSE_REGULATION_BAN', 30_000, 30 * DAY).default(10 * 60_000),
  GATEHOUSE_METRICS: bool('GATEHOUSE_METRICS').default(false),
  GATEHOUSE_METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]+$/, 'GATEHOUSE_METRICS_TOKEN may contain only printable ASCII characters, no spaces')
    .optional(),
  GATEHOUSE_LOG_FORMAT: z.enum(['text', 'json'], { message: 'GATEHOUSE_LOG_FORMAT must be text or json' }).default('text'),
  GATEHOUSE_LDAP_PRESET: z.enum(DIRECTORY_PRESET_IDS, { message: `GATEHOUSE_LDAP_PRESET must be one of ${DIRECTORY_PRESET_IDS.join(', ')}` }).default('custom'),
  GATEHOUSE_LDAP_URLS: z.string().trim().optional(),
  GATEHOUSE_LDAP_START_TLS: bool('GATEHOUSE_LDAP_START_TLS').default(false),
  GATEHOUSE_LDAP_CA: z.string().optional(),
  GATEHOUSE_LDAP_TLS_VERIFY: bool('GATEHOUSE_LDAP_TLS_VERIFY').default(true),
  GATEHOUSE_LDAP_BIND_DN: z.string().trim().optional(),
  GATEHOUSE_LDAP_BIND_PASSWORD: z.string().optional(),
  GATEHOUSE_LDAP_USER_BASE: z.string().trim().optional(),
  GATEHOUSE_LDAP_USER_FILTER: z.string().trim().optional(),
  GATEHOUSE_LDAP_USERNAME_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_UID_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_EMAIL_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_DISPLAY_NAME_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_GIVEN_NAME_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_FAMILY_NAME_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_GROUPS_FROM: z.enum(GROUPS_FROM, { message: 'GATEHOUSE_LDAP_GROUPS_FROM must be member-of or search' }).optional(),
  GATEHOUSE_LDAP_GROUP_BASE: z.string().trim().optional(),
  GATEHOUSE_LDAP_GROUP_FILTER: z.string().trim().optional(),
  GATEHOUSE_LDAP_GROUP_NAME_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_GROUP_MEMBER_ATTRIBUTE: z.string().trim().optional(),
  GATEHOUSE_LDAP_NESTED_GROUPS: z.enum(NESTED_GROUPS, { message: 'GATEHOUSE_LDAP_NESTED_GROUPS must be off, in-chain or walk' }).optional(),
  GATEHOUSE_LDAP_IMPORT_GROUPS: z.string().optional(),
  GATEHOUSE_LDAP_ALLOWED_GROUPS: z.string().optional(),
  GATEHOUSE_LDAP_OTHERS: z.enum(['refuse', 'pending'], { message: 'GATEHOUSE_LDAP_OTHERS must be refuse or pending' }).default('refuse'),
  GATEHOUSE_LDAP_ADMIN_GROUP: z.string().trim().optional(),
  GATEHOUSE_LDAP_UPN_DOMAIN: z.string().trim().optional(),
  GATEHOUSE_LDAP_NETBIOS_DOMAIN: z.string().trim().optional(),
  GATEHOUSE_LDAP_TIMEOUT: duration('GATEHOUSE_LDAP_TIMEOUT', 500, 60_000).default(5_000),
  GATEHOUSE_LDAP_SYNC_INTERVAL: duration('GATEHOUSE_LDAP_SYNC_INTERVAL', 60_000, DAY).default(15 * 60_000),
});

/** The variables after defaults and per-variable checks, before the checks across variables. */
export type RawEnv = z.infer<typeof ZRawEnv>;
