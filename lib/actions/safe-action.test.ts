/**
 * The two shapes of the one action pipeline (pipeline.ts): what a form action and a call answer
 * at each stop. Request headers, the session check and the request meta are stand-ins here; the
 * built app runs the same pipeline in e2e/specs/admin-guard.spec.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AccessCheck } from '../auth/current-session';
import { AppError } from '../errors';
import type { SessionUser, ValidSession } from '../sessions/validate-session';
import { CROSS_ORIGIN_MESSAGE } from './cross-origin-message';
import { MALFORMED_MESSAGE, NOT_ADMIN_MESSAGE } from './refusals';
import { adminAction, userCall } from './safe-action';

const state = vi.hoisted(() => ({ origin: 'https://gatehouse.test', access: null as unknown }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ origin: state.origin, host: 'gatehouse.test' }) }));
vi.mock('../config', () => ({ getEnv: () => ({ url: 'https://gatehouse.test' }) }));
vi.mock('../http/request-meta', () => ({ getRequestMeta: async () => ({ ip: '192.0.2.1', userAgent: 'test' }) }));
vi.mock('../auth/current-session', () => ({ checkAccess: async () => state.access }));

const user = { id: 'u1', username: 'anna', hasSecondFactor: true } as SessionUser;
const session = { id: 's1' } as ValidSession;
const ADMIN_KEY = 'app/(dashboard)/admin/bans/actions.ts#liftBanAction';
const USER_KEY = 'app/(auth)/sign-in/second-factor/actions.ts#totpStepAction';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

beforeEach(() => {
  state.origin = 'https://gatehouse.test';
  state.access = { verdict: { ok: true }, signedIn: { user, session }, sudo: false } satisfies Partial<AccessCheck>;
});

describe('a form action', () => {
  const action = adminAction(ADMIN_KEY, z.object({ id: z.string().min(2, 'Too short.'), password: z.string().optional() }), async ({ id }, ctx) => {
    if (id === 'boom') throw new AppError('CONFLICT', 'Already lifted.', 'id');
    return { status: 'success', message: `${ctx.actor.name} (${ctx.actor.id}) lifted ${id}` };
  });

  it('runs the handler with the actor in the context', async () => {
    expect(await action({ status: 'idle' }, form({ id: 'b1' }))).toEqual({ status: 'success', message: 'anna (u1) lifted b1' });
  });

  it('answers each stop in its own words, keeping what was typed (never a password) once the form was read', async () => {
    expect(await action({ status: 'idle' }, form({ id: 'x', password: 'secret', $FIELD: 'id' }))).toEqual({
      status: 'error',
      message: 'Check the highlighted fields.',
      fieldErrors: { id: 'Too short.' },
      values: { id: 'x' },
    });
    // A field error is said once: beside the field when the form shows it, else in the banner.
    expect(await action({ status: 'idle' }, form({ id: 'boom', $FIELD: 'id' }))).toStrictEqual({
      status: 'error',
      message: 'Check the highlighted fields.',
      fieldErrors: { id: 'Already lifted.' },
      values: { id: 'boom' },
    });
    expect(await action({ status: 'idle' }, form({ id: 'boom' }))).toStrictEqual({ status: 'error', message: 'Already lifted.', values: { id: 'boom' } });
    expect(await action({ status: 'idle' }, form({ id: 'x' }))).toStrictEqual({ status: 'error', message: 'Too short.', values: { id: 'x' } });
    expect(await (action as (...args: unknown[]) => Promise<unknown>)(null, 'not a form')).toStrictEqual({ status: 'error', message: MALFORMED_MESSAGE });
    state.access = { verdict: { ok: false, need: 'not-found' }, signedIn: { user, session }, sudo: false };
    expect(await action({ status: 'idle' }, form({ id: 'b1' }))).toStrictEqual({ status: 'error', message: NOT_ADMIN_MESSAGE, values: { id: 'b1' } });
    state.origin = 'https://elsewhere.test';
    expect(await action({ status: 'idle' }, form({ id: 'b1' }))).toStrictEqual({ status: 'error', message: CROSS_ORIGIN_MESSAGE });
  });
});

describe('a call', () => {
  const call = userCall(USER_KEY, z.object({ n: z.number() }), async ({ n }, ctx) => {
    if (n === 0) throw new Error('database gone');
    return `${ctx.actor.name}:${n}`;
  });

  it('answers the value, or the stop without form fields', async () => {
    expect(await call({ n: 1 })).toEqual({ ok: true, value: 'anna:1' });
    expect(await call({ n: 'one' })).toStrictEqual({ ok: false, message: MALFORMED_MESSAGE });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failed = await call({ n: 0 });
    log.mockRestore();
    expect(failed).toStrictEqual({
      ok: false,
      message: expect.stringMatching(/^Something went wrong on our side \(reference [0-9a-f]{8}\)\. Try again in a moment\.$/),
    });
    state.access = { verdict: { ok: false, need: 'second-factor' }, signedIn: { user, session }, sudo: false };
    expect(await call({ n: 1 })).toStrictEqual({ ok: false, message: 'Confirm your second factor to do this.', reauth: 'factor' });
  });
});
