-- Gatehouse 0011: the OpenID Connect provider. Clients attached to applications, oidc-provider's
-- state (one row per object), remembered consents and the signing keys (private halves sealed);
-- each session records the authentication methods proven in it (told to clients as `amr`).

ALTER TABLE "Session" ADD COLUMN "amr" TEXT NOT NULL DEFAULT '[]';

CREATE TABLE "OidcClient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "template" TEXT NOT NULL DEFAULT 'generic',
    "type" TEXT NOT NULL,
    "secretHash" TEXT,
    "secretCreatedAt" DATETIME,
    "tokenEndpointAuthMethod" TEXT NOT NULL,
    "redirectUris" TEXT NOT NULL DEFAULT '[]',
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "backchannelLogoutUri" TEXT,
    "requirePkce" BOOLEAN NOT NULL DEFAULT true,
    "scopes" TEXT NOT NULL DEFAULT '["openid","profile","email","groups"]',
    "idTokenAlg" TEXT NOT NULL DEFAULT 'RS256',
    "claimsInIdToken" BOOLEAN NOT NULL DEFAULT true,
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "accessTokenTtl" INTEGER NOT NULL DEFAULT 3600,
    "idTokenTtl" INTEGER NOT NULL DEFAULT 3600,
    "refreshTokenTtl" INTEGER NOT NULL DEFAULT 2592000,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OidcClient_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "OidcClient_applicationId_idx" ON "OidcClient"("applicationId");

CREATE TABLE "OidcPayload" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "accountId" TEXT,
    "clientId" TEXT,
    "expiresAt" DATETIME,
    "consumedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("model", "id")
);
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");
CREATE INDEX "OidcPayload_accountId_idx" ON "OidcPayload"("accountId");
CREATE INDEX "OidcPayload_clientId_idx" ON "OidcPayload"("clientId");
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

CREATE TABLE "OidcConsent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OidcConsent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OidcConsent_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OidcClient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "OidcConsent_userId_clientId_key" ON "OidcConsent"("userId", "clientId");
CREATE INDEX "OidcConsent_clientId_idx" ON "OidcConsent"("clientId");

CREATE TABLE "OidcSigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "alg" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME,
    "removeAfter" DATETIME
);
CREATE INDEX "OidcSigningKey_alg_retiredAt_idx" ON "OidcSigningKey"("alg", "retiredAt");
