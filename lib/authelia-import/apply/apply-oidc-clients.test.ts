import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../crypto';
import { storedSecretOf } from './apply-oidc-clients';

describe("what Gatehouse stores of an Authelia client's secret", () => {
  it('keeps a digest as it is, and stores a plain secret only as its SHA-256', () => {
    const digest = '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng';
    expect(storedSecretOf(digest)).toBe(digest);
    expect(storedSecretOf('$plaintext$insecure_secret')).toBe(sha256Hex('insecure_secret'));
    expect(storedSecretOf('insecure_secret')).toBe(sha256Hex('insecure_secret'));
    expect(storedSecretOf(null)).toBeNull();
  });
});
