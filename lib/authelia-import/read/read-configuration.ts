/**
 * Reads Authelia's configuration.yml (key names of Authelia 4.38/4.39, with the older names it
 * still maps: session.domain, notifier.smtp.host/port, storage.postgres.host/port, a client's
 * id/description/secret) into settings, OIDC clients and where the storage and users are.
 * Environment overrides other than the `*_FILE` secrets (read-secrets.ts) are not applied.
 */
import { importAutheliaYaml } from '../../policy/authelia-yaml';
import { TOTP_ALGORITHMS, type AutheliaOidcClient, type AutheliaSettings, type ReadProblem, type TotpAlgorithm } from '../types';
import { readError } from './read-error';
import { bool, field, isRecord, parseAutheliaDuration, parseLimitedYaml, str, strList } from './limited-yaml';

export type StorageConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; host: string; port: number; database: string; schema: string; username: string; password: string | null; tls: boolean }
  | { kind: 'unsupported'; reason: string };

export type AutheliaConfiguration = {
  settings: AutheliaSettings;
  oidcClients: AutheliaOidcClient[];
  storage: StorageConfig;
  /** Inline secrets (a `*_FILE` or the admin's value wins: read-secrets.ts). */
  inline: { storageEncryptionKey: string | null; smtpPassword: string | null };
  /** authentication_backend.file.path, or null with LDAP (users are then not imported). */
  usersFile: string | null;
  problems: ReadProblem[];
};

const FILE = 'configuration.yml';
const at = (node: unknown, ...path: string[]) => path.reduce<unknown>((current, key) => field(current, key), node);
const num = (node: unknown): number | null =>
  typeof node === 'number' && Number.isFinite(node) ? node : typeof node === 'string' && /^\d+$/.test(node) ? Number(node) : null;

/** `tcp://host:port`, `host:port` or `host` (Authelia's address fields), with a default port. */
function hostPort(address: string, defaultPort: number): { scheme: string; host: string; port: number } | null {
  const match = /^(?:([a-z]+):\/\/)?(\[[0-9a-fA-F:]+\]|[^:/\s]+)(?::(\d{1,5}))?\/?$/.exec(address.trim());
  if (!match) return null;
  return { scheme: match[1] ?? '', host: match[2]!.replace(/^\[|\]$/g, ''), port: match[3] ? Number(match[3]) : defaultPort };
}

function readStorage(root: unknown, problems: ReadProblem[]): StorageConfig {
  const storage = field(root, 'storage');
  const postgres = field(storage, 'postgres');
  if (isRecord(postgres)) {
    const address = str(postgres.address) ?? `${str(postgres.host) ?? 'localhost'}:${num(postgres.port) ?? 5432}`;
    const parsed = hostPort(address, 5432);
    if (!parsed) return { kind: 'unsupported', reason: `storage.postgres.address ${JSON.stringify(address)} is not an address` };
    return {
      kind: 'postgres',
      host: parsed.host,
      port: parsed.port,
      database: str(postgres.database) ?? 'authelia',
      schema: str(postgres.schema) ?? 'public',
      username: str(postgres.username) ?? 'authelia',
      password: str(postgres.password),
      tls: isRecord(postgres.tls) || isRecord(postgres.ssl),
    };
  }
  if (isRecord(field(storage, 'mysql'))) {
    return {
      kind: 'unsupported',
      reason:
        'MySQL/MariaDB storage is not supported: authenticator apps and security keys cannot be read from it (users, passwords, rules and settings still can)',
    };
  }
  const path = str(at(storage, 'local', 'path'));
  if (path) return { kind: 'sqlite', path };
  problems.push({ where: FILE, message: 'no storage section: authenticator apps and security keys are not read' });
  return { kind: 'unsupported', reason: 'the configuration names no storage' };
}

function readSmtp(root: unknown, problems: ReadProblem[]): AutheliaSettings['smtp'] {
  const smtp = at(root, 'notifier', 'smtp');
  if (!isRecord(smtp)) return null;
  const address = str(smtp.address) ?? (str(smtp.host) ? `${str(smtp.host)}:${num(smtp.port) ?? 25}` : null);
  const parsed = address ? hostPort(address, 25) : null;
  if (!parsed) {
    problems.push({ where: 'notifier.smtp', message: 'the SMTP address cannot be read; the notifier is not imported' });
    return null;
  }
  const defaults: Record<string, number> = { submission: 587, submissions: 465 };
  const port = /:\d+\/?$/.test(address!) ? parsed.port : (defaults[parsed.scheme] ?? parsed.port);
  return {
    host: parsed.host,
    port,
    secure: parsed.scheme === 'submissions' || port === 465,
    username: str(smtp.username),
    password: str(smtp.password),
    sender: str(smtp.sender),
    tlsSkipVerify: bool(at(smtp, 'tls', 'skip_verify')),
  };
}

function readSession(root: unknown): AutheliaSettings['session'] {
  const session = field(root, 'session');
  const cookies = field(session, 'cookies');
  const list = Array.isArray(cookies) ? cookies.filter(isRecord) : [];
  const first = list[0];
  const duration = (key: string) => parseAutheliaDuration(field(first, key) ?? field(session, key));
  return {
    domains: list.length > 0 ? list.flatMap((cookie) => strList(cookie.domain)) : strList(field(session, 'domain')),
    autheliaUrls: list.flatMap((cookie) => strList(cookie.authelia_url)),
    expirationMs: duration('expiration'),
    inactivityMs: duration('inactivity'),
    rememberMeMs: duration('remember_me'),
  };
}

function readTotp(root: unknown): AutheliaSettings['totp'] {
  const totp = field(root, 'totp');
  const algorithm = str(field(totp, 'algorithm'))?.toUpperCase() ?? null;
  return {
    issuer: str(field(totp, 'issuer')),
    algorithm: algorithm && (TOTP_ALGORITHMS as readonly string[]).includes(algorithm) ? (algorithm as TotpAlgorithm) : null,
    digits: num(field(totp, 'digits')),
    period: num(field(totp, 'period')),
    disabled: bool(field(totp, 'disable')),
  };
}

function readClients(root: unknown, lineOf: (path: (string | number)[]) => number | undefined, problems: ReadProblem[]): AutheliaOidcClient[] {
  const clients = at(root, 'identity_providers', 'oidc', 'clients');
  if (!Array.isArray(clients)) return [];
  return clients.flatMap((client, index): AutheliaOidcClient[] => {
    const line = lineOf(['identity_providers', 'oidc', 'clients', index]) ?? 0;
    const clientId = str(field(client, 'client_id') ?? field(client, 'id'));
    if (!clientId) {
      problems.push({ where: 'identity_providers.oidc.clients', line, message: 'a client without client_id is left out' });
      return [];
    }
    const isPublic = bool(field(client, 'public'));
    return [
      {
        clientId,
        name: str(field(client, 'client_name') ?? field(client, 'description')) ?? clientId,
        public: isPublic,
        secretDigest: isPublic ? null : str(field(client, 'client_secret') ?? field(client, 'secret')),
        redirectUris: strList(field(client, 'redirect_uris')),
        scopes: field(client, 'scopes') === undefined ? ['openid', 'groups', 'profile', 'email'] : strList(field(client, 'scopes')),
        consentMode: str(field(client, 'consent_mode')) ?? 'auto',
        authorizationPolicy: str(field(client, 'authorization_policy')) ?? 'two_factor',
        tokenEndpointAuthMethod: str(field(client, 'token_endpoint_auth_method')),
        requirePkce: isPublic || bool(field(client, 'require_pkce')),
        line,
      },
    ];
  });
}

export function readConfiguration(text: string): AutheliaConfiguration {
  const { value: root, lineOf } = parseLimitedYaml(text, FILE);
  if (!isRecord(root)) throw readError(`${FILE} is not a mapping of sections.`);
  const problems: ReadProblem[] = [];
  const regulation = field(root, 'regulation');
  const accessControl = field(root, 'access_control') === undefined ? null : importAutheliaYaml(text);
  for (const error of accessControl?.errors ?? []) problems.push({ where: 'access_control', line: error.line, message: error.message });
  const file = at(root, 'authentication_backend', 'file');
  if (isRecord(at(root, 'authentication_backend', 'ldap'))) {
    problems.push({ where: 'authentication_backend', message: 'users come from LDAP: connect Gatehouse to the same directory instead; no users are imported' });
  }
  return {
    settings: {
      accessControl,
      session: readSession(root),
      regulation: {
        maxRetries: num(field(regulation, 'max_retries')),
        findTimeMs: parseAutheliaDuration(field(regulation, 'find_time')),
        banTimeMs: parseAutheliaDuration(field(regulation, 'ban_time')),
      },
      totp: readTotp(root),
      webauthn: { disabled: bool(at(root, 'webauthn', 'disable')), displayName: str(at(root, 'webauthn', 'display_name')) },
      smtp: readSmtp(root, problems),
    },
    oidcClients: readClients(root, lineOf, problems),
    storage: readStorage(root, problems),
    inline: { storageEncryptionKey: str(at(root, 'storage', 'encryption_key')), smtpPassword: str(at(root, 'notifier', 'smtp', 'password')) },
    usersFile: isRecord(file) ? (str(file.path) ?? 'users_database.yml') : null,
    problems,
  };
}
