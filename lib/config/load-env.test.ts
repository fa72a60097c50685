import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { applyStoredVariables, getEnv, previewStoredVariables, storableSources } from './load-env';

let t: TestEnv | undefined;
const cleanups: (() => void)[] = [];
afterEach(() => {
  t?.restore();
  t = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function envFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-envfile-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'gatehouse.env');
  writeFileSync(file, text);
  return file;
}

describe('the stored layer in the running configuration', () => {
  it('a valid stored value replaces the configuration whole; an invalid one is refused with parseEnv’s words and nothing changes', () => {
    t = useTestEnv({ GATEHOUSE_URL: undefined, GATEHOUSE_COOKIE_DOMAIN: undefined, GATEHOUSE_MAIL_FROM: undefined, GATEHOUSE_SMTP_HOST: undefined });
    const first = getEnv();
    expect(first.url).toMatch(/^http:\/\/localhost:/);

    const applied = applyStoredVariables({ GATEHOUSE_URL: 'https://auth.example.com', GATEHOUSE_COOKIE_DOMAIN: 'example.com' });
    expect(applied.ok).toBe(true);
    const second = getEnv();
    expect(second).not.toBe(first);
    expect(second.url).toBe('https://auth.example.com');
    expect(second.cookie).toMatchObject({ domain: 'example.com', secure: true });
    expect(second.secondFactor.rpId).toBe('example.com');
    expect(second.mailFrom).toBe('Gatehouse <gatehouse@auth.example.com>');
    // The secrets are the same ones, not generated again.
    expect(second.secrets.encryptionKey.equals(first.secrets.encryptionKey)).toBe(true);

    for (const bad of [
      { GATEHOUSE_URL: 'http://auth.example.com', expect: 'must use https://' },
      { GATEHOUSE_URL: 'https://auth.example.com', GATEHOUSE_COOKIE_DOMAIN: 'other.org', expect: 'must be the host of GATEHOUSE_URL' },
      { GATEHOUSE_URL: 'not a url', expect: 'must be an absolute URL' },
      { GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_USER: 'me', expect: 'must be set together' },
      { GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_PORT: '99999', expect: 'GATEHOUSE_SMTP_PORT' },
    ]) {
      const { expect: message, ...stored } = bad;
      const refused = applyStoredVariables(stored);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.problems.join(' ')).toContain(message);
      expect(getEnv()).toBe(second);
    }
  });

  it('random stored layers: the configuration changes exactly when the whole is valid, else stays the very same object', () => {
    t = useTestEnv({ GATEHOUSE_URL: undefined, GATEHOUSE_COOKIE_DOMAIN: undefined, GATEHOUSE_MAIL_FROM: undefined, GATEHOUSE_SMTP_HOST: undefined });
    const urls = ['https://auth.example.com', 'http://auth.example.com', 'http://localhost:8080', 'ftp://x', 'https://a.b.example.org/base'];
    const domains = ['example.com', 'example.org', 'b.example.org', '-bad-', 'localhost'];
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...urls), { nil: undefined }),
        fc.option(fc.constantFrom(...domains), { nil: undefined }),
        fc.option(fc.constantFrom('Gatehouse <sso@example.com>', 'no address'), { nil: undefined }),
        (url, domain, from) => {
          const before = getEnv();
          const stored = { GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: domain, GATEHOUSE_MAIL_FROM: from };
          const preview = previewStoredVariables(stored);
          const result = applyStoredVariables(stored);
          expect(result.ok).toBe(preview.ok);
          if (!result.ok) {
            expect(getEnv()).toBe(before);
            return;
          }
          const after = getEnv();
          expect(after.url).toBe((url ?? `http://localhost:${after.port}`).replace(/\/+$/, ''));
          expect(after.cookie.domain).toBe(domain);
          if (from) expect(after.mailFrom).toBe(from);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the environment and the env file win over stored values, and say so', () => {
    const file = envFile('GATEHOUSE_MAIL_FROM="File <file@example.com>"\nGATEHOUSE_SMTP_HOST=file-smtp.example.com\n');
    t = useTestEnv({
      GATEHOUSE_ENV_FILE: file,
      GATEHOUSE_URL: 'https://auth.example.com',
      GATEHOUSE_COOKIE_DOMAIN: undefined,
      GATEHOUSE_SMTP_HOST: undefined,
      GATEHOUSE_MAIL_FROM: undefined,
    });
    const applied = applyStoredVariables({
      GATEHOUSE_URL: 'https://stored.example.com',
      GATEHOUSE_MAIL_FROM: 'Stored <stored@example.com>',
      GATEHOUSE_SMTP_HOST: 'stored-smtp.example.com',
      GATEHOUSE_COOKIE_DOMAIN: 'example.com',
    });
    expect(applied.ok).toBe(true);
    const env = getEnv();
    expect(env.url).toBe('https://auth.example.com');
    expect(env.mailFrom).toBe('File <file@example.com>');
    expect(env.smtp?.host).toBe('file-smtp.example.com');
    expect(env.cookie.domain).toBe('example.com');
    const sources = storableSources();
    expect(sources).toMatchObject({
      GATEHOUSE_URL: 'environment',
      GATEHOUSE_MAIL_FROM: 'file',
      GATEHOUSE_SMTP_HOST: 'file',
      GATEHOUSE_COOKIE_DOMAIN: 'stored',
      GATEHOUSE_SMTP_USER: 'default',
    });
  });
});
