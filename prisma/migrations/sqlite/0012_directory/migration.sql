-- Gatehouse 0012: users from a directory (LDAP / Active Directory). A directory account's password
-- is checked by the directory (never stored); the account is found by the entry's stable id
-- (directoryUid). Group memberships carry their source: directory ones follow the directory at
-- every sign-in and sync, manual ones (set by an admin) are kept.

ALTER TABLE "User" ADD COLUMN "authSource" TEXT NOT NULL DEFAULT 'local';
ALTER TABLE "User" ADD COLUMN "directoryDn" TEXT;
ALTER TABLE "User" ADD COLUMN "directoryUid" TEXT;
CREATE UNIQUE INDEX "User_directoryUid_key" ON "User"("directoryUid");
ALTER TABLE "UserGroup" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'manual';
