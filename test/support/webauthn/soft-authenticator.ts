/**
 * A software WebAuthn authenticator for tests: an ES256 (P-256) key pair in memory that answers
 * registration with a 'none' attestation and authentication with real ECDSA assertions, built
 * byte by byte as the WebAuthn spec lays them out. Every field a hostile client could bend
 * (origin, RP ID, challenge, counter, flags, user handle) can be set per call.
 *
 * Tests only: app code never imports this. Browser-level tests use Chromium's virtual authenticator.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { encodeCbor, type CborValue } from './cbor';

export type AuthenticatorFlags = {
  /** User present (touched the key). */
  up: boolean;
  /** User verified (PIN, biometrics). */
  uv: boolean;
  /** Backup eligible: a synced, multi-device passkey. */
  be: boolean;
  /** Backed up. */
  bs: boolean;
};

const FLAG_BITS = { up: 0x01, uv: 0x04, be: 0x08, bs: 0x10, at: 0x40 } as const;

/** COSE key parameters (RFC 9053): kty EC2, alg ES256, curve P-256. */
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, EC2: 2, ES256: -7, P256: 1 } as const;

const b64url = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

type Ceremony = {
  challenge: string;
  rpId: string;
  origin: string;
  flags?: Partial<AuthenticatorFlags>;
  /** clientDataJSON `type`; defaults to the ceremony's own. */
  type?: string;
};

export class SoftAuthenticator {
  /** base64url, as the browser reports it in `id` and `rawId`. */
  readonly credentialId: string;
  readonly transports: string[];
  /** The signature counter; each assertion increments it unless `counts` is false. */
  signCount: number;
  /** The user handle received at registration (base64url), returned by assertions like a passkey does. */
  userHandle: string | null = null;
  private readonly counts: boolean;
  private readonly defaultFlags: AuthenticatorFlags;
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Uint8Array;

  /** What the browser reports for the credProps extension at registration: rk, or nothing. */
  readonly discoverable: boolean | undefined;

  constructor(
    options: { counts?: boolean; signCount?: number; multiDevice?: boolean; credentialId?: Uint8Array; transports?: string[]; discoverable?: boolean } = {},
  ) {
    this.discoverable = options.discoverable;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('P-256 key without coordinates');
    this.privateKey = privateKey;
    this.cosePublicKey = encodeCbor(
      new Map<number, number | Uint8Array>([
        [COSE.kty, COSE.EC2],
        [COSE.alg, COSE.ES256],
        [COSE.crv, COSE.P256],
        [COSE.x, Buffer.from(jwk.x, 'base64url')],
        [COSE.y, Buffer.from(jwk.y, 'base64url')],
      ]),
    );
    this.credentialId = b64url(options.credentialId ?? randomBytes(32));
    this.counts = options.counts ?? true;
    this.signCount = options.signCount ?? 0;
    this.defaultFlags = { up: true, uv: true, be: options.multiDevice ?? false, bs: options.multiDevice ?? false };
    this.transports = options.transports ?? ['usb'];
  }

  /** The COSE_Key this authenticator puts into its attested credential data. */
  get publicKey(): Uint8Array {
    return this.cosePublicKey;
  }

  /**
   * Answers `navigator.credentials.create()`. `userId` is the creation options' `user.id`
   * (base64url), kept as the user handle for later assertions.
   */
  register(options: Ceremony & { userId: string }): RegistrationResponseJSON {
    this.userHandle = options.userId;
    const rawId = Buffer.from(this.credentialId, 'base64url');
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      this.authDataHead(options.rpId, { ...this.defaultFlags, ...options.flags }, this.signCount, true),
      Buffer.alloc(16), // AAGUID: all zeros, as authenticators answering 'none' attestation may send
      credentialIdLength,
      rawId,
      this.cosePublicKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CborValue>()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData(options.type ?? 'webauthn.create', options),
        attestationObject: b64url(attestationObject),
        transports: this.transports,
      },
      clientExtensionResults: this.discoverable === undefined ? {} : { credProps: { rk: this.discoverable } },
      authenticatorAttachment: 'cross-platform',
    };
  }

  /**
   * Answers `navigator.credentials.get()`: signs authenticatorData ‖ SHA-256(clientDataJSON) with
   * ECDSA P-256 / SHA-256 (DER signature, as WebAuthn expects). `counter` overrides the next value
   * without changing the authenticator's own; `userHandle: null` leaves the user handle out.
   */
  assert(options: Ceremony & { counter?: number; userHandle?: string | null; credentialId?: string }): AuthenticationResponseJSON {
    let counter = options.counter;
    if (counter === undefined) {
      if (this.counts) this.signCount += 1;
      counter = this.signCount;
    }
    const authData = this.authDataHead(options.rpId, { ...this.defaultFlags, ...options.flags }, counter, false);
    const clientDataJSON = clientData(options.type ?? 'webauthn.get', options);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), this.privateKey);
    const userHandle = options.userHandle === undefined ? this.userHandle : options.userHandle;
    const id = options.credentialId ?? this.credentialId;
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle ? { userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian). */
  private authDataHead(rpId: string, flags: AuthenticatorFlags, counter: number, attested: boolean): Buffer {
    let bits = 0;
    if (flags.up) bits |= FLAG_BITS.up;
    if (flags.uv) bits |= FLAG_BITS.uv;
    if (flags.be) bits |= FLAG_BITS.be;
    if (flags.bs) bits |= FLAG_BITS.bs;
    if (attested) bits |= FLAG_BITS.at;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Uint8Array.of(bits), count]);
  }
}

function clientData(type: string, ceremony: { challenge: string; origin: string }): string {
  return b64url(Buffer.from(JSON.stringify({ type, challenge: ceremony.challenge, origin: ceremony.origin, crossOrigin: false })));
}
