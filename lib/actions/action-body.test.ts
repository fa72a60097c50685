import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, judgeActionBody, MAX_DEPTH, type ActionBody } from './action-body';

const require = createRequire(import.meta.url);
/** React's own client encoder, as the browser runs it. */
const { encodeReply } = require('next/dist/compiled/react-server-dom-turbopack/client.node.js') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

const ID = 'a'.repeat(42);
const text = (t: string): ActionBody => ({ kind: 'text', text: t });
const form = (fields: [string, string | null][]): ActionBody => ({ kind: 'form', fields });
const call = (body: ActionBody) => judgeActionBody({ nextAction: true, body });
const post = (body: ActionBody) => judgeActionBody({ nextAction: false, body });

async function encoded(args: unknown[]): Promise<ActionBody> {
  const body = await encodeReply(args);
  if (typeof body === 'string') return text(body);
  return form([...body.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : null]));
}

/** Decodes each body with React's server decoder in a react-server process (test/support/actions). */
function decodeAll(bodies: ActionBody[]): string[] {
  const input = bodies.map((b) => (b.kind === 'text' ? { text: b.text } : { fields: b.fields.map(([n, v]) => [n, v ?? '']) }));
  const out = execFileSync(
    process.execPath,
    ['--conditions', 'react-server', join(__dirname, '..', '..', 'test', 'support', 'actions', 'decode-reply-worker.mjs')],
    { input: JSON.stringify(input), encoding: 'utf8', cwd: process.cwd() },
  );
  return JSON.parse(out) as string[];
}

describe('judgeActionBody: what the issue found and its neighbours', () => {
  it.each([
    ['[] as the body', '[]', true],
    ['null', 'null', false],
    ['a string', '"x"', false],
    ['an object', '{}', false],
    ['bad JSON', '[{', false],
    ['an empty body', '', false],
    ['a Map reference to nothing', '["$Q1"]', false],
    ['a promise reference', '["$@1"]', false],
    ['a server reference', '["$F1"]', false],
    ['a Blob reference', '["$B1"]', false],
    ['a FormData reference in a text body', '["$K1"]', false],
    ['a reference nested in an object', '[{"a":["$Q2"]}]', false],
    ['an unknown $ string', '["$zzz"]', false],
    ['a BigInt that is not one', '["$nxyz"]', false],
    [
      'escaped strings and primitive encodings',
      '[{"a":"$$x","b":"$undefined","c":"$NaN","d":"$-Infinity","e":"$-0","f":"$D2020-01-01T00:00:00.000Z","g":"$n123"}]',
      true,
    ],
  ])('a scripted call with %s: %s', (_label, body, ok) => {
    expect(call(text(body)).ok).toBe(ok);
  });

  it('a scripted form needs exactly one argument list in part 0', () => {
    expect(
      call(
        form([
          ['0', `[{"status":"idle"},"$K1"]`],
          ['_1_x', 'y'],
        ]),
      ).ok,
    ).toBe(true);
    expect(call(form([['_1_x', 'y']])).ok).toBe(false);
    expect(
      call(
        form([
          ['0', '[]'],
          ['0', '[]'],
        ]),
      ).ok,
    ).toBe(false);
    expect(call(form([['0', 'not json']])).ok).toBe(false);
    expect(call(form([['0', null]])).ok).toBe(false);
    expect(call(form([['0', '[{"a":"$K1"}]']])).ok).toBe(false);
    expect(
      call(
        form([
          ['0', '["$@2"]'],
          ['2', '[]'],
        ]),
      ).ok,
    ).toBe(false);
  });

  it('a form without script names one action, and what it binds is plain', () => {
    expect(
      post(
        form([
          [`$ACTION_ID_${ID}`, ''],
          ['login', 'x'],
        ]),
      ).ok,
    ).toBe(true);
    const ref = (meta: string, bound?: string): [string, string][] => [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', meta],
      ...(bound === undefined ? [] : [['$ACTION_1:1', bound] as [string, string]]),
      ['$ACTION_KEY', 'k0'],
    ];
    expect(post(form(ref(JSON.stringify({ id: ID, bound: '$@1' }), '[{"status":"idle"}]'))).ok).toBe(true);
    expect(post(form(ref(JSON.stringify({ id: ID, bound: null })))).ok).toBe(true);
    expect(post(form(ref(JSON.stringify({ id: ID, bound: '$@1' })))).ok).toBe(false);
    expect(post(form(ref(JSON.stringify({ id: ID, bound: '$@1' }), '["$Q3"]'))).ok).toBe(false);
    expect(post(form(ref('not json'))).ok).toBe(false);
    expect(post(form(ref(JSON.stringify({ id: ID, bound: null, extra: 1 })))).ok).toBe(false);
    expect(post(form(ref(JSON.stringify({ id: 'not hex!', bound: null })))).ok).toBe(false);
    expect(
      post(
        form([
          [`$ACTION_ID_${ID}`, ''],
          ['$ACTION_REF_1', ''],
        ]),
      ).ok,
    ).toBe(false);
    expect(post(form([['$ACTION_KEY', 'k']])).ok).toBe(false);
    // A form that names no action, or a plain text post, is not Next's to decode.
    expect(post(form([['q', 'x']])).ok).toBe(true);
    expect(post(text('anything')).ok).toBe(true);
  });

  it('refuses values nested deeper than any form state', () => {
    const deep = (n: number): string => (n === 0 ? '1' : `[${deep(n - 1)}]`);
    expect(call(text(`[${deep(MAX_DEPTH - 2)}]`)).ok).toBe(true);
    expect(call(text(`[${deep(MAX_DEPTH + 5)}]`)).ok).toBe(false);
  });
});

// Values a form's previous state or a ceremony's response can hold.
const arbLeaf = fc.oneof(
  fc.string(),
  fc.string().map((s) => `$${s}`),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
);
const arbValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe('judgeActionBody and React', () => {
  it('accepts everything React encodes for a call or a form (nothing Gatehouse sends is refused)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValue,
        fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.string()), { maxLength: 5 }),
        fc.boolean(),
        async (state, fields, isForm) => {
          let args: unknown[] = [state];
          if (isForm) {
            const data = new FormData();
            for (const [name, value] of fields) data.append(name, value);
            args = [state, data];
          }
          const verdict = call(await encoded(args));
          expect(verdict).toEqual({ ok: true });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('whatever it accepts, React decodes into an argument list (so Next does not answer 500)', () => {
    const arbRef = fc
      .tuple(
        fc.constantFrom('$', '$$', '$@', '$K', '$Q', '$W', '$F', '$T', '$B', '$D', '$n', '$u', '$I', '$N', '$-', '$h', '$i', '$A', '$R', '$X'),
        fc.oneof(fc.nat(5).map(String), fc.string({ maxLength: 6 })),
      )
      .map(([a, b]) => a + b);
    const arbHostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        arbRef,
        fc.string({ maxLength: 5 }),
        fc.integer(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const bodies = fc.sample(
      fc.oneof(
        arbHostile.map((v) => text(JSON.stringify(v) ?? 'null')),
        fc
          .tuple(arbHostile, fc.array(fc.tuple(fc.constantFrom('0', '1', '_1_a', '2', 'x'), fc.string({ maxLength: 8 })), { maxLength: 3 }))
          .map(([v, extra]) => form([['0', JSON.stringify(v) ?? 'null'], ...extra])),
      ),
      { numRuns: 600, seed: 12 },
    );
    const accepted = bodies.filter((b) => call(b).ok);
    expect(accepted.length).toBeGreaterThan(30);
    expect(bodies.length - accepted.length).toBeGreaterThan(100);
    const results = decodeAll(accepted);
    const failures = accepted.map((b, i) => [b, results[i]]).filter(([, r]) => r !== 'ok');
    expect(failures).toEqual([]);
  });
});

describe('the body limit', () => {
  it('is the one Next reads action bodies up to (next.config.mjs)', async () => {
    const config = (await import(pathToFileURL(join(process.cwd(), 'next.config.mjs')).href)) as {
      default: { experimental: { serverActions: { bodySizeLimit: string } } };
    };
    expect(config.default.experimental.serverActions.bodySizeLimit).toBe('2mb');
    expect(ACTION_BODY_LIMIT_BYTES).toBe(2 * 1024 * 1024);
  });
});
