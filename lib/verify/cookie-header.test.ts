import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiredSessionCookies, singleSessionCookie, splitCookieHeader } from './cookie-header';

const NAME = 'gatehouse_session';

describe('splitCookieHeader', () => {
  it.each<[string | null, string[], string]>([
    [null, [], ''],
    ['', [], ''],
    ['theme=dark', [], 'theme=dark'],
    [`${NAME}=abc`, ['abc'], ''],
    [`theme=dark; ${NAME}=abc; other=1`, ['abc'], 'theme=dark; other=1'],
    [`${NAME}=a; ${NAME}=b`, ['a', 'b'], ''],
    [` ${NAME} = a ;\t${NAME}=;x=1;;  ;y`, ['a', ''], 'x=1; y'],
    [`x${NAME}=nope; ${NAME}x=nope; Gatehouse_Session=nope`, [], `x${NAME}=nope; ${NAME}x=nope; Gatehouse_Session=nope`],
    [`a=${NAME}=b`, [], `a=${NAME}=b`],
    [`${NAME}`, [], `${NAME}`],
    ['a=1\u0001; b=2; c=\u00e9', [], 'b=2; c=\u00e9'],
    ['a=\u0100', [], ''],
  ])('%j', (header, sessions, rest) => {
    expect(splitCookieHeader(header, NAME)).toEqual({ sessions, rest });
  });

  it('a session only when exactly one was sent', () => {
    expect(singleSessionCookie(splitCookieHeader(`${NAME}=a`, NAME))).toBe('a');
    expect(singleSessionCookie(splitCookieHeader(`${NAME}=a; ${NAME}=a`, NAME))).toBeUndefined();
    expect(singleSessionCookie(splitCookieHeader('x=1', NAME))).toBeUndefined();
  });

  const PAIR = fc.oneof(
    fc.record({ name: fc.constantFrom(NAME, ` ${NAME}`, `${NAME}\t`), value: fc.string({ unit: fc.constantFrom(...'abc=; \t'), maxLength: 6 }) }),
    fc.record({
      name: fc.string({ unit: fc.constantFrom(...'gatehouse_sionx= \t'), maxLength: 20 }),
      value: fc.string({ unit: fc.constantFrom(...'abc=; \t\u0001\u00e9'), maxLength: 6 }),
    }),
  );

  it('agrees with a plain split-and-trim reading of the header; the rest never holds a session cookie', () => {
    fc.assert(
      fc.property(fc.array(PAIR, { maxLength: 8 }), fc.constantFrom(';', '; ', ' ;'), (pairs, separator) => {
        const header = pairs.map(({ name, value }) => `${name}=${value}`).join(separator);
        const { sessions, rest } = splitCookieHeader(header, NAME);
        const reference = header
          .split(';')
          .map((pair) => pair.replace(/^[ \t]+|[ \t]+$/g, ''))
          .filter(Boolean);
        const isSession = (pair: string) => pair.includes('=') && pair.slice(0, pair.indexOf('=')).replace(/[ \t]+$/, '') === NAME;
        expect(sessions).toEqual(reference.filter(isSession).map((pair) => pair.slice(pair.indexOf('=') + 1).replace(/^[ \t]+/, '')));
        expect(rest).toBe(reference.filter((pair) => !isSession(pair) && !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(pair)).join('; '));
        expect(splitCookieHeader(rest, NAME).sessions).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('is linear: a 64 KiB header of thousands of pairs is split at once', () => {
    const header = `${'a=1; '.repeat(13_000)}${NAME}=x`;
    const split = splitCookieHeader(header, NAME);
    expect(split.sessions).toEqual(['x']);
    expect(split.rest.length).toBe(13_000 * 5 - 2);
  });
});

describe('expiredSessionCookies', () => {
  it('expires the host-only and the domain cookie at Path=/', () => {
    expect(expiredSessionCookies({ name: NAME, domain: 'example.test', secure: true })).toEqual([
      `${NAME}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax; Secure`,
      `${NAME}=; Domain=example.test; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax; Secure`,
    ]);
    expect(expiredSessionCookies({ name: NAME, domain: undefined, secure: false })).toEqual([
      `${NAME}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax`,
    ]);
  });
});
