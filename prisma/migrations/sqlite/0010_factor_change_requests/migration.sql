-- Gatehouse 0010: factor-change requests an admin approves when mail stays in the outbox.
-- One per user at a time (unique userId); each unlocks one factor-change link (linkId), in the
-- browser that asked (browserHash: SHA-256 of its browser id). No secret is stored.

CREATE TABLE "FactorChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "browserHash" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    CONSTRAINT "FactorChangeRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FactorChangeRequest_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "OneTimeToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "FactorChangeRequest_userId_key" ON "FactorChangeRequest"("userId");
CREATE UNIQUE INDEX "FactorChangeRequest_linkId_key" ON "FactorChangeRequest"("linkId");
CREATE INDEX "FactorChangeRequest_status_expiresAt_idx" ON "FactorChangeRequest"("status", "expiresAt");
