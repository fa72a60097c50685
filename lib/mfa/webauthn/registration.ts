/**
 * Registering a security key or passkey: options for `navigator.credentials.create()`, then the
 * check of the browser's answer. Storing the verified credential is the caller's job, in its own
 * transaction together with its audit event.
 */
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { reportedDiscoverable } from '../factor-label';
import type { DbOrTx } from '../../db';
import { CHALLENGE_TTL_MS, consumeChallenge, readClientChallenge, storeChallenge } from './challenges';
import type { RelyingParty } from './relying-party';

/** ES256 (every authenticator) and RS256 (Windows Hello). */
export const SUPPORTED_ALGORITHM_IDS = [-7, -257];

/** Transports the WebAuthn spec defines; anything else a browser sends is dropped, not stored. */
const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

export type RegisteredCredential = {
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  /** A resident key (a passkey), as the browser reported it; null when it did not say. */
  discoverable: boolean | null;
};

export type RegistrationResult =
  | { ok: true; credential: RegisteredCredential }
  | { ok: false; reason: 'challenge' | 'verification' | 'duplicate'; message: string };

const MESSAGES = {
  challenge: 'The request expired. Start again.',
  verification: "The browser's answer could not be verified.",
  duplicate: 'This security key is already registered.',
} as const;

const fail = (reason: keyof typeof MESSAGES): RegistrationResult => ({ ok: false, reason, message: MESSAGES[reason] });

/**
 * Options for `navigator.credentials.create()` (pass them to @simplewebauthn/browser's
 * `startRegistration({ optionsJSON })`). Asks for a discoverable credential (a passkey) when the
 * authenticator can make one, so the same key can later sign in without a username; excludes the
 * user's existing credentials so one authenticator is not registered twice.
 */
export async function startRegistration(
  db: DbOrTx,
  input: {
    rp: RelyingParty;
    user: { id: string; username: string; displayName: string };
    excludeCredentialIds: string[];
    now?: Date;
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: input.rp.rpName,
    rpID: input.rp.rpId,
    userName: input.user.username,
    userDisplayName: input.user.displayName,
    // The user handle a passkey returns at sign-in: finishAuthentication compares it with the owner.
    userID: new TextEncoder().encode(input.user.id),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: input.excludeCredentialIds.map((id) => ({ id })),
    // A fresh object each call: the library writes requireResidentKey into it.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
  });
  await storeChallenge(db, { challenge: options.challenge, purpose: 'registration', userId: input.user.id, now: input.now ?? new Date() });
  return options;
}

/**
 * Checks the browser's answer to `startRegistration`. The challenge is consumed before anything
 * else, so an answer is tried at most once even when it then fails verification. Never throws on
 * bad input: a malformed answer is a 'verification' failure.
 *
 * A credential id that is already stored, for any user, is refused ('duplicate'); the unique
 * index on credentialId still guards the caller's insert against a concurrent registration.
 */
export async function finishRegistration(
  db: DbOrTx,
  input: { rp: RelyingParty; userId: string; response: RegistrationResponseJSON; now?: Date },
): Promise<RegistrationResult> {
  const challenge = readClientChallenge(input.response);
  if (!challenge) return fail('verification');
  const live = await consumeChallenge(db, { challenge, purpose: 'registration', userId: input.userId, now: input.now ?? new Date() });
  if (!live) return fail('challenge');

  let verification: VerifiedRegistrationResponse;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.rpId,
      // User verification is preferred, not required: a plain security key (touch only) is a valid second factor.
      requireUserVerification: false,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
    });
  } catch {
    return fail('verification');
  }
  if (!verification.verified) return fail('verification');
  const info = verification.registrationInfo;

  // The id inside the signed authenticator data is authoritative, not the response's `id` field.
  const credentialId = info.credential.id;
  const existing = await db.secondFactor.findUnique({ where: { credentialId }, select: { id: true } });
  if (existing) return fail('duplicate');

  const transports = Array.isArray(input.response.response.transports) ? input.response.response.transports : [];
  return {
    ok: true,
    credential: {
      credentialId,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: [...new Set(transports.filter((t) => typeof t === 'string' && KNOWN_TRANSPORTS.has(t)))],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      discoverable: reportedDiscoverable(input.response.clientExtensionResults),
    },
  };
}
