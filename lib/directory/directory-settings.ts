/**
 * The directory configuration in force (lib/config/directory.ts parses it from the
 * GATEHOUSE_LDAP_* variables): null when no directory is configured.
 *
 * Exported for the admin side (signature stable): `directorySettings(env: DirectoryEnv): DirectorySettings | null`,
 * `type DirectorySettings`.
 */
import type { DirectoryConfig, DirectoryEnv } from '../config';

export type DirectorySettings = DirectoryConfig;

/** The directory in force, or null when GATEHOUSE_LDAP_URLS is unset (directory sign-in off). */
export function directorySettings(env: DirectoryEnv): DirectorySettings | null {
  return env.directory;
}
