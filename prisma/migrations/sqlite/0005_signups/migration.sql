-- Gatehouse 0005: sign-in through providers and email links, signups waiting for approval,
-- invitations.

ALTER TABLE "User" ADD COLUMN "signupMethod" TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE "User" ADD COLUMN "signupIp" TEXT;
ALTER TABLE "User" ADD COLUMN "statusReason" TEXT;
ALTER TABLE "User" ADD COLUMN "allowLinking" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "Identity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "Identity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Identity_provider_subject_key" ON "Identity"("provider", "subject");
CREATE INDEX "Identity_userId_idx" ON "Identity"("userId");

CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "groups" TEXT NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedById" TEXT,
    "revokedAt" DATETIME
);
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");
