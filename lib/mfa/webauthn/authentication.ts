/**
 * Signing in with a security key or passkey: options for `navigator.credentials.get()`, then the
 * check of the signed assertion against the stored credential. Used both as the second-factor
 * step (the user is known) and for usernameless passkey sign-in (the credential names the user).
 */
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type VerifiedAuthenticationResponse,
} from '@simplewebauthn/server';
import { timingSafeEqual } from 'node:crypto';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { DbOrTx } from '../../db';
import { CHALLENGE_TTL_MS, consumeChallenge, readClientChallenge, storeChallenge } from './challenges';
import type { RelyingParty } from './relying-party';

export type AuthenticationFailure = 'challenge' | 'unknown-credential' | 'wrong-user' | 'verification' | 'counter';

export type AuthenticationResult = { ok: true; factorId: string; userId: string } | { ok: false; reason: AuthenticationFailure; message: string };

const MESSAGES: Record<AuthenticationFailure, string> = {
  challenge: 'The request expired. Start again.',
  'unknown-credential': 'This security key is not registered here.',
  'wrong-user': 'This security key belongs to another account.',
  verification: "The browser's answer could not be verified.",
  counter: 'This security key reported an unexpected use count and was refused. It may have been copied.',
};

const fail = (reason: AuthenticationFailure): AuthenticationResult => ({ ok: false, reason, message: MESSAGES[reason] });

/** Credential ids are at most 1023 bytes (1364 base64url characters). */
const CREDENTIAL_ID_PATTERN = /^[A-Za-z0-9_-]{1,1400}$/;

/**
 * Options for `navigator.credentials.get()` (pass them to @simplewebauthn/browser's
 * `startAuthentication({ optionsJSON })`). With `userId: null` the browser offers every passkey it
 * holds for this RP (usernameless sign-in); with a user, pass that user's credentials as
 * `allowCredentials` so security keys that are not discoverable can answer too.
 */
export async function startAuthentication(
  db: DbOrTx,
  input: { rp: RelyingParty; userId: string | null; allowCredentials?: { id: string; transports?: string[] }[]; now?: Date },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: input.rp.rpId,
    allowCredentials: input.allowCredentials,
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'preferred',
  });
  await storeChallenge(db, { challenge: options.challenge, purpose: 'authentication', userId: input.userId, now: input.now ?? new Date() });
  return options;
}

/**
 * A signature counter must grow with each use, unless the authenticator does not count at all
 * (both values zero, as synced passkeys do). A counter that stands still or goes back means two
 * copies of the private key are in use: a cloned authenticator.
 */
export function counterAdvanced(stored: number, received: number): boolean {
  if (stored === 0 && received === 0) return true;
  return received > stored;
}

/**
 * Checks a signed assertion. The challenge (bound to `expectedUserId`, null for a usernameless
 * sign-in) is consumed before anything else, so an assertion is tried at most once. With a user,
 * the credential must be theirs; without one, the passkey's user handle must name the
 * credential's owner. On success the counter and last use are written, guarded by the counter
 * read, so two assertions carrying the same counter cannot both pass.
 *
 * Never throws on bad input. It does not look at the account's status: the caller runs the
 * account gate on the returned user, and audits failures and counts them for regulation.
 */
export async function finishAuthentication(
  db: DbOrTx,
  input: { rp: RelyingParty; response: AuthenticationResponseJSON; expectedUserId: string | null; now?: Date },
): Promise<AuthenticationResult> {
  const now = input.now ?? new Date();
  const challenge = readClientChallenge(input.response);
  if (!challenge) return fail('verification');
  const live = await consumeChallenge(db, { challenge, purpose: 'authentication', userId: input.expectedUserId, now });
  if (!live) return fail('challenge');

  const credentialId = input.response.id;
  if (typeof credentialId !== 'string' || !CREDENTIAL_ID_PATTERN.test(credentialId)) return fail('verification');
  const factor = await db.secondFactor.findUnique({
    where: { credentialId },
    select: { id: true, userId: true, kind: true, credentialId: true, publicKey: true, counter: true, userHandle: true },
  });
  if (factor?.kind !== 'webauthn' || !factor.credentialId || !factor.publicKey) return fail('unknown-credential');
  if (input.expectedUserId !== null && factor.userId !== input.expectedUserId) return fail('wrong-user');

  // The user handle is what the passkey was created for (startRegistration's userID). Usernameless
  // sign-in relies on it; a second-factor assertion may omit it (non-discoverable security keys).
  const userHandle: unknown = input.response.response?.userHandle;
  if (userHandle !== undefined && userHandle !== null && userHandle !== '') {
    if (typeof userHandle !== 'string' || !userHandleMatches(userHandle, factor)) return fail('wrong-user');
  } else if (input.expectedUserId === null) {
    return fail('verification');
  }

  const storedCounter = Number(factor.counter);
  let verification: VerifiedAuthenticationResponse;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.rpId,
      // SimpleWebAuthn compares counters before it checks the signature and reports a bad counter
      // as a plain Error. Its check is switched off (0 never fails it) and done below, after the
      // signature, so 'counter' always means a genuinely signed assertion: the clone signal.
      credential: { id: factor.credentialId, publicKey: isoBase64URL.toBuffer(factor.publicKey), counter: 0 },
      // Preferred, not required: a plain security key (touch only) is a valid second factor.
      requireUserVerification: false,
    });
  } catch {
    return fail('verification');
  }
  if (!verification.verified) return fail('verification');

  const newCounter = verification.authenticationInfo.newCounter;
  if (!counterAdvanced(storedCounter, newCounter)) return fail('counter');
  const { count } = await db.secondFactor.updateMany({
    where: { id: factor.id, counter: factor.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: now },
  });
  // Another assertion with the same counter got there first.
  if (count !== 1) return fail('counter');
  return { ok: true, factorId: factor.id, userId: factor.userId };
}

const USER_HANDLE_PATTERN = /^[A-Za-z0-9_-]{1,128}={0,2}$/;

/**
 * The user handle names the credential's row, never selects one: the credential id chose the row,
 * and the handle must be the one that row was registered with — its stored `userHandle` (a
 * credential imported from Authelia), or else its owner's Gatehouse id. Compared as bytes, in
 * constant time.
 */
export function userHandleMatches(userHandle: string, factor: { userId: string; userHandle: string | null }): boolean {
  if (!USER_HANDLE_PATTERN.test(userHandle)) return false;
  const received = Buffer.from(userHandle, 'base64url');
  const expected = factor.userHandle === null ? Buffer.from(factor.userId, 'utf8') : Buffer.from(factor.userHandle, 'base64url');
  if (expected.length === 0 || received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}
