/**
 * What a second factor is called where factors are listed (the Security page, the admin's user
 * page). A WebAuthn credential is a passkey when it is discoverable (a resident key, even one
 * bound to its device) or synced (multiDevice, or backed up); a security key when the browser
 * said it is neither. Credentials stored before the portal recorded discoverability (migration
 * 0008), or from a browser that did not say, and not known to be synced, cannot be told apart.
 */
export type FactorLabel = 'Authenticator app' | 'Passkey' | 'Security key' | 'Security key or passkey';

export function factorLabel(factor: { kind: string; deviceType: string | null; backedUp: boolean | null; discoverable: boolean | null }): FactorLabel {
  if (factor.kind !== 'webauthn') return 'Authenticator app';
  if (factor.deviceType === 'multiDevice' || factor.backedUp === true || factor.discoverable === true) return 'Passkey';
  if (factor.discoverable === false) return 'Security key';
  return 'Security key or passkey';
}

/**
 * Whether the browser reported the new credential as discoverable: the credProps extension's
 * `rk` (SimpleWebAuthn asks for credProps at registration). Unsigned, so used for the label only.
 */
export function reportedDiscoverable(clientExtensionResults: unknown): boolean | null {
  if (typeof clientExtensionResults !== 'object' || clientExtensionResults === null) return null;
  const credProps = (clientExtensionResults as { credProps?: unknown }).credProps;
  if (typeof credProps !== 'object' || credProps === null) return null;
  const rk = (credProps as { rk?: unknown }).rk;
  return typeof rk === 'boolean' ? rk : null;
}
