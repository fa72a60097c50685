-- Gatehouse 0009: applications, the thing an admin protects and users open. An application
-- writes its own access rules (AccessRule.applicationId), deleted with it.

CREATE TABLE "Application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'generic',
    "description" TEXT NOT NULL DEFAULT '',
    "urls" TEXT NOT NULL DEFAULT '[]',
    "upstream" TEXT NOT NULL,
    "icon" TEXT NOT NULL DEFAULT 'builtin:app',
    "iconData" BLOB,
    "iconType" TEXT,
    "subjects" TEXT NOT NULL DEFAULT '[]',
    "level" TEXT NOT NULL DEFAULT 'two_factor',
    "publicPaths" TEXT NOT NULL DEFAULT '[]',
    "showOnLauncher" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Application_slug_key" ON "Application"("slug");
CREATE INDEX "Application_position_idx" ON "Application"("position");

ALTER TABLE "AccessRule" ADD COLUMN "applicationId" TEXT REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "AccessRule_applicationId_idx" ON "AccessRule"("applicationId");
