-- CreateTable
CREATE TABLE "InboundSms" (
    "id" BIGSERIAL NOT NULL,
    "messageSid" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "body" TEXT,
    "numMedia" INTEGER NOT NULL DEFAULT 0,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "processedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InboundSms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsOptOut" (
    "phone" TEXT NOT NULL,
    "optedOutAt" TIMESTAMPTZ(3) NOT NULL,
    "optedInAt" TIMESTAMPTZ(3),

    CONSTRAINT "SmsOptOut_pkey" PRIMARY KEY ("phone")
);

-- CreateTable
CREATE TABLE "OutboundSms" (
    "id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "twilioSid" TEXT,
    "status" TEXT NOT NULL,
    "errorCode" INTEGER,
    "segments" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboundSms_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboundSms_messageSid_key" ON "InboundSms"("messageSid");

-- CreateIndex
CREATE INDEX "InboundSms_from_processedAt_id_idx" ON "InboundSms"("from", "processedAt", "id");

-- CreateIndex
CREATE INDEX "InboundSms_processedAt_receivedAt_idx" ON "InboundSms"("processedAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundSms_twilioSid_key" ON "OutboundSms"("twilioSid");

-- CreateIndex
CREATE INDEX "OutboundSms_status_createdAt_idx" ON "OutboundSms"("status", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundSms_to_createdAt_idx" ON "OutboundSms"("to", "createdAt");

