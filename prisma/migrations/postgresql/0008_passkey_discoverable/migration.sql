-- Gatehouse 0008: whether a WebAuthn credential is discoverable (a resident key: a passkey,
-- even one bound to its device), as the browser reported it at registration (credProps.rk).
-- NULL when the browser did not say, and for every credential stored before this migration:
-- those are labelled by what is known (a synced one is a passkey), else "Security key or passkey".

ALTER TABLE "SecondFactor" ADD COLUMN "discoverable" BOOLEAN;
