/** Second factors (device links, TOTP, WebAuthn relying party) and the portal's assurance model (lib/auth/assurance.ts). */
import type { RawEnv } from './variables';

export type SecondFactorConfig = {
  /** How long an emailed device link (add or remove a second factor) works. */
  deviceLinkTtlMs: number;
  totpIssuer: string;
  /** WebAuthn relying party: the portal's host or a parent domain of it. */
  rpId: string;
  rpName: string;
};

export type SecondFactorEnv = { secondFactor: SecondFactorConfig };

export type AssuranceConfig = {
  /** Sudo mode: how recently a second factor (or, for a user with none, the password) must have been proven for the most dangerous actions. */
  sudoTtlMs: number;
};

export type AssuranceEnv = { assurance: AssuranceConfig };

/** The WebAuthn relying party id; passkeys registered for the cookie domain work on every portal host under it. */
export function rpIdOf(raw: RawEnv, url: URL | null, cookieDomain: string | undefined, problems: string[]): string {
  const cookieDomainUsable = cookieDomain !== undefined && url !== null && (url.hostname === cookieDomain || url.hostname.endsWith(`.${cookieDomain}`));
  const rpId = raw.GATEHOUSE_WEBAUTHN_RP_ID ?? (cookieDomainUsable ? cookieDomain : (url?.hostname ?? 'localhost'));
  if (url && url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
    problems.push(`GATEHOUSE_WEBAUTHN_RP_ID (${rpId}) must be the host of GATEHOUSE_URL (${url.hostname}) or a parent domain of it`);
  }
  return rpId;
}

export function secondFactorConfig(raw: RawEnv, rpId: string): SecondFactorConfig {
  return {
    deviceLinkTtlMs: raw.GATEHOUSE_DEVICE_LINK_TTL,
    totpIssuer: raw.GATEHOUSE_TOTP_ISSUER ?? raw.GATEHOUSE_APP_NAME.replace(/:/g, ''),
    rpId,
    rpName: raw.GATEHOUSE_WEBAUTHN_RP_NAME ?? raw.GATEHOUSE_APP_NAME,
  };
}
