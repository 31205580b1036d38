// Finding codes of the model reader. Each has a page docs/codes/<code>.md.
import type { Severity } from "../findings/types";

export const MODEL_CODES = {
  "model-syntax-error": {
    severity: "warning",
    summary: "A model file does not parse cleanly; fields in the broken part may be missing.",
  },
  "model-unmappable-type": {
    severity: "error",
    summary: "SQLModel has no column type for this annotation (dict, list[...], Literal, a non-optional Union) and no sa_type/sa_column is given.",
  },
  "model-unknown-type": {
    severity: "info",
    summary: "The annotation's type is not defined in the model files, so the column type is unknown.",
  },
  "model-sa-column-conflict": {
    severity: "error",
    summary: "Field(sa_column=...) is combined with arguments SQLModel refuses next to it (primary_key, nullable, foreign_key, ...).",
  },
  "model-shared-sa-column": {
    severity: "error",
    summary: "Field(sa_column=...) in a class that several table classes inherit: one Column object cannot belong to two tables, so the models fail to import.",
  },
  "model-invalid-ondelete": {
    severity: "error",
    summary: "ondelete without foreign_key, or ondelete=\"SET NULL\" on a NOT NULL column: SQLModel raises at import.",
  },
  "model-invalid-foreign-key": {
    severity: "error",
    summary: "foreign_key is not of the form \"table.column\".",
  },
  "model-duplicate-table": {
    severity: "error",
    summary: "Two table classes map to the same table name.",
  },
  "model-no-primary-key": {
    severity: "error",
    summary: "A table model has no primary key column; SQLAlchemy refuses to map it.",
  },
  "model-unresolved-base": {
    severity: "info",
    summary: "A base class of a table model is not in the model files; fields it declares are not seen.",
  },
  "model-dynamic-tablename": {
    severity: "info",
    summary: "__tablename__ is computed, not a string literal; the default name is assumed.",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type ModelCode = keyof typeof MODEL_CODES;
