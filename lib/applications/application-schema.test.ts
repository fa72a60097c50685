import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApplicationInput, slugFromName } from './application-schema';
import { applicationInput } from '../../test/support/application-input';
import type { TApplicationInput } from './types';

const base = applicationInput();
const parse = (over: Partial<Record<keyof TApplicationInput, unknown>>) => parseApplicationInput({ ...base, ...over });
const errors = (over: Partial<Record<keyof TApplicationInput, unknown>>) => {
  const result = parse(over);
  return result.ok ? {} : result.fieldErrors;
};

describe('the application form', () => {
  it('canonicalises every field', () => {
    const result = parse({
      name: '  Paperless NGX ',
      urls: ['HTTPS://Docs.Example.COM.:443/', 'https://docs2.example.com', 'https://docs.example.com'],
      upstream: 'HTTP://Paperless:8000/',
      subjects: ['Group:Family', 'user:anna', 'group:family'],
      publicPaths: ['/Static/', '/%7Euser/', '/static/'],
    });
    expect(result).toEqual({
      ok: true,
      input: {
        ...base,
        name: 'Paperless NGX',
        slug: 'paperless-ngx',
        urls: ['https://docs.example.com', 'https://docs2.example.com'],
        upstream: 'http://paperless:8000',
        subjects: ['group:family', 'user:anna'],
        publicPaths: ['/static/', '/~user/'],
      },
    });
  });

  it('refuses with one message per field', () => {
    expect(errors({ name: '   ' }).name).toBe('Enter a name.');
    expect(errors({ name: 'x'.repeat(81) }).name).toMatch(/at most 80/);
    expect(errors({ slug: 'Bad Slug' }).slug).toMatch(/lower-case letters/);
    expect(errors({ urls: [] }).urls).toMatch(/Enter the address/);
    expect(errors({ urls: ['https://a.example.com', 'https://u:p@b.example.com'] }).urls).toMatch(/^Line 2: .*user name or password/);
    expect(errors({ urls: ['http://a.example.com', 'https://a.example.com:8443'] }).urls).toMatch(/same host/);
    expect(errors({ upstream: 'http://127.0.0.1:8000/app' }).upstream).toMatch(/without a path/);
    expect(errors({ icon: 'builtin:nope' }).icon).toMatch(/built-in icons/);
    expect(errors({ icon: '<svg>' }).icon).toMatch(/built-in icons/);
    expect(errors({ subjects: ['everyone'] }).subjects).toMatch(/not a subject/);
    expect(errors({ kind: 'nextcloud' }).kind).toMatch(/Choose a kind/);
    expect(errors({ level: 'deny' }).level).toMatch(/one factor or two/);
  });

  it('refuses public paths that could reach outside what they name', () => {
    for (const [path, message] of [
      ['static/', /starts with \//],
      ['/a/../admin', /"\.\."/],
      ['/a/%2e%2e/admin', /"\.\."/],
      ['/a//b', /empty segment/],
      ['/a;b', /;/],
      ['/a\\b', /backslash/],
      ['/a%2fb', /encoded slash/],
      ['/a?b', /\?/],
    ] as const) {
      expect(errors({ publicPaths: [path] }).publicPaths, path).toMatch(message);
    }
  });

  it('makes a short name from any name', () => {
    expect(slugFromName('Büchereï & Co.')).toBe('bucherei-co');
    expect(slugFromName('日本')).toBe('app');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (name) => {
        const slug = slugFromName(name);
        expect(slug).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/);
      }),
    );
  });

  it('accepts its own output unchanged (any accepted input is canonical once)', () => {
    const spelling = fc.record({
      name: fc.string({ minLength: 1, maxLength: 90 }),
      host: fc.constantFrom('App.Example.com', 'app.example.com.', 'bücher.example', '%61pp.example.com', 'a:b@app.example.com', '[::1]'),
      port: fc.constantFrom('', ':443', ':8443', ':80'),
      path: fc.constantFrom('/Static/', '/%7e/', '/a/../b', '/%41pi/', '//x', '/ok'),
      subject: fc.constantFrom('user:Anna', 'GROUP:family', 'user:anna', 'bob'),
    });
    fc.assert(
      fc.property(spelling, ({ name, host, port, path, subject }) => {
        const first = parse({ name, urls: [`https://${host}${port}`], publicPaths: [path], subjects: [subject] });
        if (!first.ok) return;
        expect(parseApplicationInput(first.input)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });
});
