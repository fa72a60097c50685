/**
 * Properties of safeReturnUrl over generated input (fast-check). Whatever it accepts has a host
 * that a strict DNS-name check written here (independently of the implementation) passes and
 * the policy allows, carries no credentials, and parses back to itself; hostile variants of
 * accepted URLs (Unicode confusables, percent-encoded authority pieces, empty labels, userinfo,
 * other schemes, whitespace and control characters, backslashes, extra slashes, over-long
 * values) are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETURN_URL_MAX_LENGTH, safeReturnUrl, type ReturnUrlPolicy } from './return-url';

const PORTAL = 'https://auth.example.test';
const POLICY: ReturnUrlPolicy = { portalUrl: PORTAL, cookieDomain: 'example.test', extraDomains: ['other.org', 'xn--bcher-kva.example'], allowHttp: false };
const DOMAINS = ['example.test', 'other.org', 'xn--bcher-kva.example'];
const RUNS = { numRuns: 400 };

// ── The oracle: what "allowed" means, restated without the implementation's code ──────────────

/** RFC 1123 host name in lower case: LDH labels of 1–63, ≤ 253 in all, last label not numeric. */
const STRICT_DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?![0-9]+$)(?!0x[0-9a-f]*$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function oracleAllows(host: string): boolean {
  if (host === new URL(PORTAL).hostname) return true;
  if (!STRICT_DNS_NAME.test(host)) return false;
  return DOMAINS.some((domain) => host === domain || (host.endsWith(`.${domain}`) && !/(^|\.)xn--/.test(host.slice(0, -domain.length - 1))));
}

/** Checks everything an accepted value must satisfy (nothing to check for a refusal). */
function expectSafe(rd: string, result: string | null): void {
  if (result === null) return;
  if (result.startsWith('/')) {
    expect(result.startsWith('//'), `${JSON.stringify(rd)} → ${result}`).toBe(false);
    const back = new URL(result, PORTAL);
    expect(back.origin).toBe(PORTAL);
    expect(back.pathname + back.search + back.hash).toBe(result);
  } else {
    const back = new URL(result);
    expect(back.href, `${JSON.stringify(rd)} parses back to itself`).toBe(result);
    expect(back.protocol).toBe('https:');
    expect(back.username + back.password).toBe('');
    expect(oracleAllows(back.hostname), `${JSON.stringify(rd)} → host ${back.hostname}`).toBe(true);
  }
  // Only visible ASCII is ever handed to a Location header.
  expect(result).toMatch(/^[\x21-\x7e]+$/);
  // Validating again changes nothing (pages pass an accepted rd on to the next step).
  expect(safeReturnUrl(result, POLICY)).toBe(result);
}

// ── Generators ─────────────────────────────────────────────────────────────────────────────────

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const allowedHost = fc.oneof(
  fc.constantFrom('auth.example.test', ...DOMAINS),
  fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom(...DOMAINS)).map(([labels, domain]) => `${labels.join('.')}.${domain}`),
);
const port = fc.option(fc.integer({ min: 1, max: 65535 }).map(String), { nil: undefined });
const pathChar = fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@/".split(''), '%20', '%2F', '%E2%9C%93');
const tail = fc
  .tuple(fc.array(pathChar, { maxLength: 30 }), fc.option(fc.stringMatching(/^[a-z0-9=&%]{0,20}$/)), fc.option(fc.stringMatching(/^[a-z0-9-]{0,10}$/)))
  .map(([path, query, fragment]) => `/${path.join('')}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);
const scheme = fc.constantFrom('https', 'HTTPS', 'Https');

type Parts = { scheme: string; host: string; port?: string; tail: string };
const parts = (fc.record({ scheme, host: allowedHost, port, tail }) as fc.Arbitrary<Parts>).filter(
  // On the portal itself a path that resolves to "//…" would be read as another host: refused by design, so not "valid".
  (p) => p.host !== 'auth.example.test' || !new URL(`${PORTAL}${p.tail}`).pathname.startsWith('//'),
);
const join = (p: Parts) => `${p.scheme}://${p.host}${p.port ? `:${p.port}` : ''}${p.tail}`;
/** URLs that must be accepted (the hostile variants below break exactly one thing in them). */
const validUrl = parts.map(join);

/** A position inside a string, and the string split there. */
const splitAt = (value: string, at: number) => [value.slice(0, at % (value.length + 1)), value.slice(at % (value.length + 1))] as const;

/** Characters that look like ASCII letters and dots (Cyrillic, Greek, full-width, ideographic, Armenian, Latin extended). */
const CONFUSABLES: Record<string, string[]> = {
  a: ['\u0430', '\u0251', '\uff41', '\u03b1'],
  c: ['\u0441', '\u03f2', '\uff43'],
  e: ['\u0435', '\u0117', '\uff45'],
  i: ['\u0456', '\u0131', '\u03b9', '\uff49'],
  l: ['\u04cf', '\u0049', '\u217c', '\uff4c'],
  o: ['\u043e', '\u03bf', '\u0585', '\uff4f', '\u00f6'],
  p: ['\u0440', '\u03c1', '\uff50'],
  r: ['\u0433', '\uff52'],
  s: ['\u0455', '\uff53'],
  t: ['\u0442', '\uff54'],
  x: ['\u0445', '\u03c7', '\uff58'],
  '.': ['\u3002', '\uff0e', '\uff61', '\u2024'],
};
/** An allowed host with one to three characters swapped for look-alikes: `{ original, host }`. */
const confusable = fc
  .tuple(allowedHost, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.nat())
  .map(([original, positions, pick]) => {
    const host = original;
    const chars = [...host];
    for (const position of positions) {
      const candidates = chars.map((c, i) => [c, i] as const).filter(([c]) => CONFUSABLES[c]);
      if (candidates.length === 0) break;
      const [c, i] = candidates[position % candidates.length]!;
      // `\u0049` (capital I for l) is ASCII: swap it for a real look-alike so every pick is non-ASCII.
      const options = CONFUSABLES[c]!.filter((o) => o.charCodeAt(0) > 0x7f);
      chars[i] = options[pick % options.length]!;
    }
    return { original, host: chars.join('') };
  })
  .filter(({ host }) => /[^\x00-\x7f]/.test(host));
const confusableHost = confusable.map(({ host }) => host);

/** The punycode the URL parser would turn a look-alike into (when it parses at all). */
function punycodeOf(unicodeHost: string): string | null {
  try {
    const host = new URL(`https://${unicodeHost}/`).hostname;
    return host.split('.').some((l) => l.startsWith('xn--')) ? host : null;
  } catch {
    return null;
  }
}

const CONTROL_AND_SPACE = [
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u1680',
  '\u2000',
  '\u200b',
  '\u200e',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u3000',
  '\ufeff',
];
const OTHER_SCHEMES = [
  'javascript',
  'data',
  'vbscript',
  'file',
  'ftp',
  'ws',
  'wss',
  'gopher',
  'blob',
  'http',
  'httpx',
  'https+x',
  'hxxps',
  'mailto',
  'intent',
  'chrome',
  'about',
  'view-source',
];

// ── Properties ─────────────────────────────────────────────────────────────────────────────────

describe('safeReturnUrl over generated input', () => {
  it('accepts every generated valid URL under the configured names, and the result is safe', () => {
    fc.assert(
      fc.property(validUrl, (rd) => {
        const result = safeReturnUrl(rd, POLICY);
        expect(result, rd).not.toBeNull();
        expectSafe(rd, result);
      }),
      RUNS,
    );
  });

  it('whatever it accepts from arbitrary strings, URLs and near-misses is safe', () => {
    const nearMiss = fc
      .tuple(
        fc.constantFrom('https', 'http', 'HTTPS', 'javascript', 'ftp', '', 'https:'),
        fc.constantFrom('://', ':/', ':', ':///', '://\\', '//', ':\\\\', '://%2f'),
        fc.constantFrom('', 'u@', 'u:p@', 'auth.example.test@', '@', '%40', 'a%2eb@'),
        fc.oneof(
          allowedHost,
          confusableHost,
          fc.domain(),
          fc.constantFrom('evil.com', 'example.test.evil.com', '[::1]', '127.0.0.1', '0x7f000001', '%2e%2e.example.test', '.example.test', 'a..example.test'),
        ),
        fc.constantFrom(
          '',
          ':',
          ':0',
          ':443',
          ':8443',
          ':65536',
          ':08443',
          ':-1',
          ':a',
          '.',
          '..',
          '%2e',
          '%00',
          '@evil.com',
          '\\evil.com',
          '#@evil.com',
          '?@evil.com',
        ),
        fc.oneof(tail, fc.constantFrom('', '/', '//evil.com', '/..//evil.com', '/%2e%2e/', '/\t/evil.com')),
      )
      .map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(
        fc.oneof(
          nearMiss,
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'binary', maxLength: 60 }),
        ),
        (rd) => {
          expectSafe(rd, safeReturnUrl(rd, POLICY));
        },
      ),
      { numRuns: 2000 },
    );
  });

  describe('refuses hostile variants of accepted URLs', () => {
    const refused = (rd: string): void => {
      expect(safeReturnUrl(rd, POLICY), JSON.stringify(rd)).toBeNull();
    };
    const xnCount = (host: string) => host.split('.').filter((l) => l.startsWith('xn--')).length;

    it('Unicode confusables in the host (mixed scripts, full-width, ideographic dots)', () => {
      fc.assert(
        fc.property(parts, confusableHost, (p, host) => refused(join({ ...p, host }))),
        RUNS,
      );
    });

    it('the punycode those confusables become, under the cookie domain or a configured domain', () => {
      fc.assert(
        fc.property(
          parts,
          // Full-width letters fold back to the original name: only look-alikes that became new punycode count.
          confusable
            .map(({ original, host }) => ({ original, host: punycodeOf(host) }))
            .filter(({ original, host }) => host !== null && xnCount(host) > xnCount(original)),
          (p, { host }) => refused(join({ ...p, host: host! })),
        ),
        RUNS,
      );
    });

    it('percent-encoded pieces of the authority', () => {
      fc.assert(
        fc.property(parts, fc.nat(), fc.boolean(), fc.constantFrom('', '.', '@', '/', ':', '%', '#'), (p, at, upper, extra) => {
          const [before, after] = splitAt(p.host, at);
          const char = extra || after[0] || before[before.length - 1] || 'a';
          const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
          const escaped = `%${upper ? hex.toUpperCase() : hex}`;
          const host = extra ? `${before}${escaped}${after}` : after ? `${before}${escaped}${after.slice(1)}` : `${before.slice(0, -1)}${escaped}`;
          refused(join({ ...p, host }));
          refused(`${p.scheme}://${p.host}:${escaped}${p.port ?? '443'}${p.tail}`);
        }),
        RUNS,
      );
    });

    it('empty labels: leading, doubled, trailing dots', () => {
      fc.assert(
        fc.property(parts, fc.nat(), fc.constantFrom('lead', 'double', 'trail', 'trail2', 'only'), (p, at, kind) => {
          const dots = [...p.host.matchAll(/\./g)].map((m) => m.index!);
          const i = dots.length ? dots[at % dots.length]! : 0;
          const host = {
            lead: `.${p.host}`,
            double: dots.length ? `${p.host.slice(0, i)}.${p.host.slice(i)}` : `${p.host}..x`,
            trail: `${p.host}.`,
            trail2: `${p.host}..`,
            only: '.',
          }[kind];
          refused(join({ ...p, host }));
        }),
        RUNS,
      );
    });

    it('userinfo in any form, even made of allowed names', () => {
      const userinfo = fc.oneof(
        fc.stringMatching(/^[a-z0-9._~-]{0,12}$/),
        fc.stringMatching(/^[a-z0-9._~-]{0,8}:[a-z0-9._~-]{0,8}$/),
        allowedHost,
        allowedHost.map((h) => `${h}:443`),
      );
      fc.assert(
        fc.property(parts, userinfo, fc.oneof(allowedHost, fc.constantFrom('evil.com', 'evil.example')), (p, user, host) => {
          refused(`${p.scheme}://${user}@${host}${p.tail}`);
          refused(`${p.scheme}://${p.host}@${host}${p.tail}`);
        }),
        RUNS,
      );
    });

    it('schemes other than https (and http, not allowed here), in any case', () => {
      fc.assert(
        fc.property(parts, fc.constantFrom(...OTHER_SCHEMES), fc.constantFrom('://', ':', ':/', ':///'), fc.nat(), (p, other, separator, caseBits) => {
          const mixed = [...other].map((c, i) => ((caseBits >> i) & 1 ? c.toUpperCase() : c)).join('');
          refused(`${mixed}${separator}${p.host}${p.tail}`);
        }),
        RUNS,
      );
    });

    it('whitespace and control characters anywhere', () => {
      fc.assert(
        fc.property(validUrl, fc.nat(), fc.constantFrom(...CONTROL_AND_SPACE), (rd, at, char) => {
          const [before, after] = splitAt(rd, at);
          refused(`${before}${char}${after}`);
        }),
        RUNS,
      );
    });

    it('a backslash anywhere', () => {
      fc.assert(
        fc.property(validUrl, fc.nat(), fc.constantFrom('\\', '\\\\', '/\\', '\\/'), (rd, at, slash) => {
          const [before, after] = splitAt(rd, at);
          refused(`${before}${slash}${after}`);
        }),
        RUNS,
      );
    });

    it('scheme-relative and extra slashes before the host', () => {
      fc.assert(
        fc.property(parts, fc.integer({ min: 2, max: 6 }), fc.boolean(), (p, slashes, withScheme) => {
          const prefix = '/'.repeat(slashes);
          refused(withScheme ? `${p.scheme}:/${prefix}${p.host}${p.tail}` : `${prefix}${p.host}${p.tail}`);
          refused(`${p.scheme}:${p.host}${p.tail}`);
        }),
        RUNS,
      );
    });

    it('over-long: the whole value, a label, the host', () => {
      fc.assert(
        fc.property(parts, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 64, max: 300 }), (p, extra, labelLength) => {
          const base = join(p);
          refused(`${base}${'a'.repeat(Math.max(RETURN_URL_MAX_LENGTH - base.length + 1, extra))}`);
          refused(join({ ...p, host: `${'a'.repeat(labelLength)}.example.test` }));
          const labels = Array.from({ length: 5 }, () => 'b'.repeat(50)).join('.');
          refused(join({ ...p, host: `${labels}.${p.host}`.length > 253 ? `${labels}.${p.host}` : `${labels}.${labels}.${p.host}` }));
        }),
        RUNS,
      );
    });
  });
});
