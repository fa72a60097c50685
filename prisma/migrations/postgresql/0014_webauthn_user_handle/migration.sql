-- Gatehouse 0014: the WebAuthn user handle a credential was registered with, base64url of its bytes.
-- NULL means Gatehouse's own user id (every credential registered here). A credential imported from
-- Authelia carries Authelia's handle (webauthn_users.userid), which its passkey returns at sign-in.

ALTER TABLE "SecondFactor" ADD COLUMN "userHandle" TEXT;
