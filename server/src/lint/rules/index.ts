// The one registry of lint rules, in documentation order (docs/rules.md follows it).
import type { LintRule } from "../types";
import { addingCheckConstraintValidated } from "./addingCheckConstraintValidated";
import { addingForeignKeyValidated } from "./addingForeignKeyValidated";
import { addingPrimaryKeyDirectly } from "./addingPrimaryKeyDirectly";
import { addingRequiredColumn } from "./addingRequiredColumn";
import { addingUniqueConstraint } from "./addingUniqueConstraint";
import { beginCommitInMigration } from "./beginCommitInMigration";
import { changingColumnType } from "./changingColumnType";
import { clientDefaultNotServerDefault } from "./clientDefaultNotServerDefault";
import { concurrentlyOutsideAutocommitBlock } from "./concurrentlyOutsideAutocommitBlock";
import { createIndexNonConcurrently } from "./createIndexNonConcurrently";
import { dataMigrationInSchemaRevision } from "./dataMigrationInSchemaRevision";
import { downgradeDoesNotReverse } from "./downgradeDoesNotReverse";
import { dropColumn } from "./dropColumn";
import { dropIndexNonConcurrently } from "./dropIndexNonConcurrently";
import { dropNotNull } from "./dropNotNull";
import { dropTable } from "./dropTable";
import { dropThenAddColumn } from "./dropThenAddColumn";
import { foreignKeyToUnknownTable } from "./foreignKeyToUnknownTable";
import { brokenDownRevision, duplicateRevisionId, multipleHeads } from "./historyRules";
import { identifierTooLong } from "./identifierTooLong";
import { ignoredColumnFlags } from "./ignoredColumnFlags";
import { indexBeforeDataMigration } from "./indexBeforeDataMigration";
import { missingDowngrade } from "./missingDowngrade";
import { missingLockTimeout } from "./missingLockTimeout";
import { onlineOnlyMigration } from "./onlineOnlyMigration";
import { renameColumn } from "./renameColumn";
import { renameTable } from "./renameTable";
import { setNotNullOnLargeTable } from "./setNotNullOnLargeTable";
import { setNotNullWithoutBackfill } from "./setNotNullWithoutBackfill";
import { sqlmodelTypeWithoutImport } from "./sqlmodelTypeWithoutImport";
import { truncateCascade } from "./truncateCascade";
import { typeChangeWithoutConversion } from "./typeChangeWithoutConversion";
import { banCharField, preferBigintPrimaryKey, preferJsonb, preferTextOverVarchar, preferTimestamptz } from "./typePreferences";
import { unnamedConstraint } from "./unnamedConstraint";
import { volatileDefaultOnNewColumn } from "./volatileDefaultOnNewColumn";

export const RULES: readonly LintRule[] = [
  // The seed's pitfalls.
  addingRequiredColumn,
  dropThenAddColumn,
  typeChangeWithoutConversion,
  missingDowngrade,
  downgradeDoesNotReverse,
  foreignKeyToUnknownTable,
  indexBeforeDataMigration,
  setNotNullWithoutBackfill,
  // Locking and safety.
  createIndexNonConcurrently,
  dropIndexNonConcurrently,
  concurrentlyOutsideAutocommitBlock,
  addingForeignKeyValidated,
  addingCheckConstraintValidated,
  addingUniqueConstraint,
  addingPrimaryKeyDirectly,
  setNotNullOnLargeTable,
  volatileDefaultOnNewColumn,
  changingColumnType,
  dropColumn,
  dropTable,
  renameColumn,
  renameTable,
  dropNotNull,
  truncateCascade,
  missingLockTimeout,
  beginCommitInMigration,
  dataMigrationInSchemaRevision,
  // Types.
  preferTimestamptz,
  preferTextOverVarchar,
  preferJsonb,
  preferBigintPrimaryKey,
  banCharField,
  identifierTooLong,
  // Alembic-specific traps.
  ignoredColumnFlags,
  clientDefaultNotServerDefault,
  unnamedConstraint,
  sqlmodelTypeWithoutImport,
  onlineOnlyMigration,
  // History.
  multipleHeads,
  brokenDownRevision,
  duplicateRevisionId,
];

/** Rule ids the configuration accepts (the registry plus the engine's own unused-suppression). */
export const RULE_IDS: ReadonlySet<string> = new Set([...RULES.map((r) => r.id), "unused-suppression"]);
