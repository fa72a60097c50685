/** How long a portal session and an emailed password link last. */
import type { RawEnv } from './variables';

export type SessionConfig = { maxAgeMs: number; idleTimeoutMs: number };

export type SessionEnv = { session: SessionConfig };

export type PasswordLinkEnv = { passwordLinkTtlMs: number };

export function sessionConfig(raw: RawEnv, invalid: Set<string>, problems: string[]): SessionConfig {
  if (
    !invalid.has('GATEHOUSE_SESSION_IDLE_TIMEOUT') &&
    !invalid.has('GATEHOUSE_SESSION_MAX_AGE') &&
    raw.GATEHOUSE_SESSION_IDLE_TIMEOUT > raw.GATEHOUSE_SESSION_MAX_AGE
  ) {
    problems.push('GATEHOUSE_SESSION_IDLE_TIMEOUT must not be longer than GATEHOUSE_SESSION_MAX_AGE');
  }
  return { maxAgeMs: raw.GATEHOUSE_SESSION_MAX_AGE, idleTimeoutMs: raw.GATEHOUSE_SESSION_IDLE_TIMEOUT };
}
