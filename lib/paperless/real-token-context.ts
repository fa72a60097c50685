/** The additional data a user's sealed real Paperless token is bound to (lib/crypto.ts sealSecret). */
export const realTokenContext = (userId: string) => `paperless-token:${userId}`;
