import type { Finding } from "../findings/types";
import type { Range, Schema } from "../schema/types";
import type { NamingConvention } from "./naming";
import type { ModelScanCache } from "./scanCache";

export interface ModelSource {
  /** Absolute path. */
  path: string;
  text: string;
}

/** One column of a table model, where it is declared (possibly in a base class in another file). */
export interface ModelField {
  table: string;
  column: string;
  /** The Python attribute; differs from `column` when sa_column=Column("other_name", ...) names it. */
  attribute: string;
  /** The table class. */
  className: string;
  /** The class whose body declares the field (the table class or one of its bases). */
  declaredIn: string;
  file: string;
  /** The whole field statement (`title: str = Field(max_length=200)`). */
  range: Range;
  /** The field name. */
  nameRange: Range;
}

/** A class in the model files that SQLModel maps to a table. */
export interface ModelClass {
  className: string;
  table: string;
  file: string;
  /** The whole class statement. */
  range: Range;
  nameRange: Range;
}

export interface ModelsResult {
  schema: Schema;
  findings: Finding[];
  fields: ModelField[];
  classes: ModelClass[];
  /** The metadata naming convention set in the model files (or env.py), if any. */
  namingConvention?: NamingConvention;
  /** Python Enum classes in the model files: class name -> member names, in order. */
  pythonEnums: Record<string, string[]>;
}

export interface ReadModelsOptions {
  /**
   * Keeps each file's parse between calls (the language server re-reads the models on every edit):
   * only files whose text changed are parsed again.
   */
  cache?: ModelScanCache;
  /**
   * SQLModel version of the project, when known. It decides how a plain `datetime` maps:
   * from 0.0.45 on it is `UTCDateTime` (timestamp with time zone), before that naive `DateTime`.
   * Unknown means a current SQLModel.
   */
  sqlmodelVersion?: string;
}
