-- Gatehouse 0004: Paperless-ngx: per-device tokens, the Paperless account and real token behind
-- each user, group mappings and the connection settings.

CREATE TABLE "DeviceToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedById" TEXT,
    CONSTRAINT "DeviceToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DeviceToken_tokenHash_key" ON "DeviceToken"("tokenHash");
CREATE UNIQUE INDEX "DeviceToken_userId_requestId_key" ON "DeviceToken"("userId", "requestId");
CREATE INDEX "DeviceToken_userId_createdAt_idx" ON "DeviceToken"("userId", "createdAt");

CREATE TABLE "PaperlessAccount" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "paperlessUserId" INTEGER NOT NULL,
    "paperlessUsername" TEXT NOT NULL,
    "realToken" TEXT,
    "tokenObtainedAt" DATETIME,
    "provisionedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaperlessAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "PaperlessGroupMapping" (
    "groupId" TEXT NOT NULL PRIMARY KEY,
    "paperlessGroupId" INTEGER NOT NULL,
    "paperlessGroupName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperlessGroupMapping_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "PaperlessConnection" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "internalUrl" TEXT NOT NULL,
    "publicUrl" TEXT NOT NULL,
    "adminToken" TEXT NOT NULL,
    "tokenSource" TEXT NOT NULL DEFAULT 'password',
    "remoteUserUrl" TEXT,
    "lastCheck" TEXT,
    "lastCheckAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT
);
