-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "postponedAt" TIMESTAMPTZ(3);

