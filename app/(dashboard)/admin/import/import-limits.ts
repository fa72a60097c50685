/**
 * Upload limits of the Authelia import, checked in the browser before sending (a request over
 * the server's 2 MiB action limit would fail without a word) and again by the action. A larger
 * installation is imported from its folder on the server instead (or `npm run import:authelia`).
 */
export const KIB = 1024;
export const MAX_CONFIGURATION_BYTES = 256 * KIB;
export const MAX_USERS_DATABASE_BYTES = 256 * KIB;
/** Sent as base64 (4/3 larger): 768 KiB of SQLite is 1 MiB of text, under the action's per-field cap. */
export const MAX_STORAGE_BYTES = 768 * KIB;

export const sizeText = (bytes: number): string => (bytes >= KIB * KIB ? `${(bytes / (KIB * KIB)).toFixed(1)} MiB` : `${Math.ceil(bytes / KIB)} KiB`);
