-- Gatehouse 0004: Paperless-ngx: per-device tokens, the Paperless account and real token behind
-- each user, group mappings and the connection settings.

CREATE TABLE "DeviceToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    CONSTRAINT "DeviceToken_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DeviceToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DeviceToken_tokenHash_key" ON "DeviceToken"("tokenHash");
CREATE UNIQUE INDEX "DeviceToken_userId_requestId_key" ON "DeviceToken"("userId", "requestId");
CREATE INDEX "DeviceToken_userId_createdAt_idx" ON "DeviceToken"("userId", "createdAt");

CREATE TABLE "PaperlessAccount" (
    "userId" TEXT NOT NULL,
    "paperlessUserId" INTEGER NOT NULL,
    "paperlessUsername" TEXT NOT NULL,
    "realToken" TEXT,
    "tokenObtainedAt" TIMESTAMP(3),
    "provisionedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "PaperlessAccount_pkey" PRIMARY KEY ("userId"),
    CONSTRAINT "PaperlessAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "PaperlessGroupMapping" (
    "groupId" TEXT NOT NULL,
    "paperlessGroupId" INTEGER NOT NULL,
    "paperlessGroupName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperlessGroupMapping_pkey" PRIMARY KEY ("groupId"),
    CONSTRAINT "PaperlessGroupMapping_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "PaperlessConnection" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "internalUrl" TEXT NOT NULL,
    "publicUrl" TEXT NOT NULL,
    "adminToken" TEXT NOT NULL,
    "tokenSource" TEXT NOT NULL DEFAULT 'password',
    "remoteUserUrl" TEXT,
    "lastCheck" TEXT,
    "lastCheckAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    CONSTRAINT "PaperlessConnection_pkey" PRIMARY KEY ("id")
);
