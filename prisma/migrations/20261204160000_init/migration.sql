-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Goal" AS ENUM ('STOP_SMOKING', 'DRINK_LESS', 'MOVE_MORE', 'LOSE_WEIGHT', 'EAT_HEALTHIER');

-- CreateEnum
CREATE TYPE "ComBComponent" AS ENUM ('CAPABILITY', 'OPPORTUNITY', 'MOTIVATION');

-- CreateEnum
CREATE TYPE "AssessmentKind" AS ENUM ('BASELINE', 'MONTH_3', 'MONTH_6', 'MONTH_12');

-- CreateEnum
CREATE TYPE "SmokingStatus" AS ENUM ('NEVER', 'FORMER', 'CURRENT', 'PREFER_NOT_TO_SAY');

-- CreateEnum
CREATE TYPE "CheckInWave" AS ENUM ('MONTH_3', 'MONTH_6', 'MONTH_12');

-- CreateEnum
CREATE TYPE "CheckInStatus" AS ENUM ('SCHEDULED', 'SENT', 'REMINDED', 'COMPLETED', 'MISSED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Resident" (
    "id" UUID NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "postcode" TEXT NOT NULL,
    "addressLine1" TEXT NOT NULL,
    "ethnicityGroup" TEXT NOT NULL,
    "ethnicity" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "signUpChannel" TEXT NOT NULL,
    "signedUpAt" TIMESTAMPTZ(3) NOT NULL,
    "goals" "Goal"[],
    "barrier" TEXT,
    "barrierComB" "ComBComponent",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "residentId" UUID NOT NULL,
    "statementVersion" TEXT NOT NULL,
    "textSha256" CHAR(64) NOT NULL,
    "channel" TEXT NOT NULL,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL,
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "residentId" UUID NOT NULL,
    "kind" "AssessmentKind" NOT NULL,
    "heightCm" DOUBLE PRECISION,
    "weightKg" DOUBLE PRECISION,
    "bmi" DOUBLE PRECISION,
    "activeDays" INTEGER,
    "smokingStatus" "SmokingStatus" NOT NULL,
    "cigarettesPerDay" INTEGER,
    "drinksPerWeek" INTEGER,
    "unitsPerWeek" DOUBLE PRECISION,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" UUID NOT NULL,
    "residentId" UUID NOT NULL,
    "wave" "CheckInWave" NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "CheckInStatus" NOT NULL DEFAULT 'SCHEDULED',
    "leasedBy" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "remindedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "closedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "residentId" UUID NOT NULL,
    "conversationRef" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotState" (
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "etag" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BotState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DirectLineConversation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectLineConversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectLineActivity" (
    "seq" BIGSERIAL NOT NULL,
    "conversationId" TEXT NOT NULL,
    "activity" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectLineActivity_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "Consent_residentId_idx" ON "Consent"("residentId");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_residentId_kind_key" ON "Assessment"("residentId", "kind");

-- CreateIndex
CREATE INDEX "CheckIn_status_dueAt_idx" ON "CheckIn"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_residentId_wave_key" ON "CheckIn"("residentId", "wave");

-- CreateIndex
CREATE INDEX "ChannelIdentity_residentId_idx" ON "ChannelIdentity"("residentId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_address_key" ON "ChannelIdentity"("channel", "address");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");

-- CreateIndex
CREATE INDEX "DirectLineConversation_createdAt_idx" ON "DirectLineConversation"("createdAt");

-- CreateIndex
CREATE INDEX "DirectLineActivity_conversationId_seq_idx" ON "DirectLineActivity"("conversationId", "seq");

-- CreateIndex
CREATE INDEX "DirectLineActivity_createdAt_idx" ON "DirectLineActivity"("createdAt");

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelIdentity" ADD CONSTRAINT "ChannelIdentity_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectLineActivity" ADD CONSTRAINT "DirectLineActivity_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "DirectLineConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

