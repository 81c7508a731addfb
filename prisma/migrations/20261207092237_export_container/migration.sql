-- CreateEnum
CREATE TYPE "ExportContainer" AS ENUM ('LINES', 'PARQUET');

-- AlterTable
ALTER TABLE "Export" ADD COLUMN     "container" "ExportContainer" NOT NULL DEFAULT 'LINES';
