-- Gatehouse 0013: TOTP factors imported from Authelia keep their algorithm, digits and period.
-- NULL means today's defaults (SHA1, 6 digits, 30 s), which every enrolment still uses.

ALTER TABLE "SecondFactor" ADD COLUMN "totpAlgorithm" TEXT;
ALTER TABLE "SecondFactor" ADD COLUMN "totpDigits" INTEGER;
ALTER TABLE "SecondFactor" ADD COLUMN "totpPeriod" INTEGER;
