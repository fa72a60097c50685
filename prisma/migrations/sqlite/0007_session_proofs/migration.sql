-- Gatehouse 0007: when a second factor, or the password, was last proven in each session (the
-- portal's assurance model: sudo mode, and a session's level never above what was proven in it).

ALTER TABLE "Session" ADD COLUMN "factorProvenAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "passwordProvenAt" DATETIME;

-- What an existing two-factor session proved cannot be told any more (an enrolment from a
-- one-factor session used to lift it too): every session asks for the second factor once more.
UPDATE "Session" SET "level" = 'one_factor' WHERE "level" = 'two_factor';
