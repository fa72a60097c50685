/**
 * A hand-made Authelia import plan for the apply tests: two users (one disabled), their groups,
 * password hashes, one TOTP factor with SHA-256/8 digits/60 s, one WebAuthn credential, a rule
 * and the default policy, settings with the SMTP password, a confidential and a public OIDC client.
 * Names carry a tag so several plans can be applied to one database. The secrets are random.
 */
import { randomBytes } from 'node:crypto';
import type { ImportPlan, PlanItem } from '../../lib/authelia-import/types';
import { DEFAULT_CHOICES } from '../../lib/authelia-import/types';

const item = <D>(key: string, data: D, action: PlanItem<D>['action'] = 'create'): PlanItem<D> => ({ key, action, detail: key, data });
const base32 = (bytes: Buffer) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[Number.parseInt(chunk.padEnd(5, '0'), 2)]).join('');
};

export function buildTestPlan(tag: string): ImportPlan {
  const anna = `anna-${tag}`;
  const ben = `ben-${tag}`;
  const smtp = `smtp-${randomBytes(12).toString('hex')}`;
  return {
    source: { kind: 'folder', path: '/srv/authelia' },
    storage: { kind: 'sqlite', path: '/srv/authelia/db.sqlite3', schemaVersion: 17 },
    choices: DEFAULT_CHOICES,
    users: [
      item(anna, {
        username: anna,
        displayName: 'Anna Example',
        email: `${anna}@example.com`,
        disabled: false,
        groups: [`family-${tag}`, `paperless-${tag}`],
        existingUserId: null,
      }),
      item(ben, { username: ben, displayName: 'Ben', email: `${ben}@example.com`, disabled: true, groups: [`family-${tag}`], existingUserId: null }),
    ],
    groups: [
      item(`family-${tag}`, { name: `family-${tag}`, existingGroupId: null }),
      item(`paperless-${tag}`, { name: `paperless-${tag}`, existingGroupId: null }),
    ],
    passwords: [
      item(anna, {
        username: anna,
        format: 'argon2id',
        passwordHash: `$argon2id$v=19$m=65536,t=3,p=4$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`,
      }),
      item(ben, {
        username: ben,
        format: 'sha512crypt',
        passwordHash: `$6$rounds=50000$${randomBytes(8).toString('hex')}$${randomBytes(40).toString('base64url')}`,
      }),
    ],
    totp: [item(anna, { username: anna, secret: base32(randomBytes(20)), algorithm: 'SHA256', digits: 8, period: 60, name: 'Authelia TOTP', createdAt: null })],
    webauthn: [
      item(`cred-${tag}`, {
        username: anna,
        name: 'YubiKey',
        credentialId: randomBytes(32).toString('base64url'),
        publicKey: randomBytes(77).toString('base64url'),
        counter: 7,
        aaguid: null,
        transports: ['usb', 'internal', 'bogus'],
        userHandle: null,
        discoverable: true,
        deviceType: 'singleDevice',
        backedUp: false,
        createdAt: null,
      }),
    ],
    rules: [
      item('1', {
        kind: 'rule',
        position: 1,
        rule: {
          description: '',
          domains: [`docs-${tag}.example.com`],
          paths: [],
          methods: [],
          subjects: [[`group:family-${tag}`]],
          networks: [],
          policy: 'two_factor',
        },
      }),
      item('default_policy', { kind: 'defaultPolicy', policy: 'deny' }),
    ],
    settings: [
      item('GATEHOUSE_SESSION_MAX_AGE', { variable: 'GATEHOUSE_SESSION_MAX_AGE', value: '30d', secret: false }),
      item('GATEHOUSE_SMTP_HOST', { variable: 'GATEHOUSE_SMTP_HOST', value: 'mail.example.com', secret: false }),
      item('GATEHOUSE_SMTP_PORT', { variable: 'GATEHOUSE_SMTP_PORT', value: '587', secret: false }),
      item('GATEHOUSE_SMTP_USER', { variable: 'GATEHOUSE_SMTP_USER', value: 'authelia@example.com', secret: false }),
      item('GATEHOUSE_MAIL_FROM', { variable: 'GATEHOUSE_MAIL_FROM', value: 'Authelia <authelia@example.com>', secret: false }),
      item('GATEHOUSE_SMTP_PASSWORD', { variable: 'GATEHOUSE_SMTP_PASSWORD', value: smtp, secret: true }),
    ],
    oidcClients: [
      item(`paperless-${tag}`, {
        clientId: `paperless-${tag}`,
        name: 'Paperless',
        public: false,
        secretDigest: `$pbkdf2-sha512$310000$${randomBytes(16).toString('base64url')}$${randomBytes(64).toString('base64url')}`,
        redirectUris: [`https://docs-${tag}.example.com/accounts/oidc/authelia/login/callback/`],
        scopes: ['openid', 'profile', 'email', 'groups'],
        consentMode: 'implicit',
        authorizationPolicy: 'two_factor',
        tokenEndpointAuthMethod: 'client_secret_basic',
        requirePkce: false,
      }),
      item(`phone-${tag}`, {
        clientId: `phone-${tag}`,
        name: 'Phone app',
        public: true,
        secretDigest: null,
        redirectUris: [`https://docs-${tag}.example.com/app/callback`],
        scopes: ['openid', 'offline_access', 'authelia.bearer.authz'],
        consentMode: 'explicit',
        authorizationPolicy: 'one_factor',
        tokenEndpointAuthMethod: 'none',
        requirePkce: true,
      }),
    ],
    problems: [],
    applicable: true,
  };
}

/** Every secret the plan holds, to look for where none may be. */
export function planSecrets(plan: ImportPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of plan.passwords) out[`password:${p.key}`] = p.data.passwordHash;
  for (const f of plan.totp) out[`totp:${f.key}`] = f.data.secret;
  for (const c of plan.oidcClients) if (c.data.secretDigest) out[`client:${c.key}`] = c.data.secretDigest;
  out.smtp = plan.settings.find((s) => s.data.secret)?.data.value ?? '';
  return out;
}
