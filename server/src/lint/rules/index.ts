// The one registry of lint rules, in documentation order (docs/rules.md follows it).
import type { LintRule } from "../types";
import { addingRequiredColumn } from "./addingRequiredColumn";
import { downgradeDoesNotReverse } from "./downgradeDoesNotReverse";
import { dropThenAddColumn } from "./dropThenAddColumn";
import { foreignKeyToUnknownTable } from "./foreignKeyToUnknownTable";
import { indexBeforeDataMigration } from "./indexBeforeDataMigration";
import { missingDowngrade } from "./missingDowngrade";
import { setNotNullWithoutBackfill } from "./setNotNullWithoutBackfill";
import { typeChangeWithoutConversion } from "./typeChangeWithoutConversion";

export const RULES: readonly LintRule[] = [
  addingRequiredColumn,
  dropThenAddColumn,
  typeChangeWithoutConversion,
  missingDowngrade,
  downgradeDoesNotReverse,
  foreignKeyToUnknownTable,
  indexBeforeDataMigration,
  setNotNullWithoutBackfill,
];
