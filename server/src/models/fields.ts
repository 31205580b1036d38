// One annotated field of a table model -> its Column, following SQLModel 0.0.47
// sqlmodel/main.py `get_column_from_field` (sa_column used as-is; otherwise type from
// `get_sqlalchemy_type` or sa_type; nullable = not primary_key and is_field_noneable, unless
// Field(nullable=) says otherwise; ForeignKey(foreign_key, ondelete=); default/default_factory are
// Python-side `Column(default=)`, never server defaults; sa_column_args appended, sa_column_kwargs
// merged last) and `FieldInfo.__init__` (the RuntimeErrors for sa_column combined with column args).
import { boolValue, dottedName, lastSegment, numberValue, printExpr, stringValue, type PyAssignment, type PyExpr } from "../python/syntax";
import type { Column, ColumnType } from "../schema/types";
import { shapeOf, type AnnotationContext, type CallExpr, type TypeShape } from "./annotations";
import { applyColumnKeywords, readCheck, readColumnCall, readForeignKey, typeFromSa, type ColumnSpec, type EnumLookup } from "./columnSpec";

// Field() arguments that SQLModel refuses next to sa_column (sqlmodel/main.py FieldInfo.__init__).
const SA_COLUMN_EXCLUSIVE = ["primary_key", "nullable", "foreign_key", "ondelete", "unique", "index", "sa_type", "sa_column_args", "sa_column_kwargs"];

export interface FieldContext extends AnnotationContext {
  enumOf: EnumLookup;
  enumsByName: Record<string, string[]>;
  /** SQLModel >= 0.0.45 maps `datetime` to UTCDateTime (timestamptz). */
  awareDatetime: boolean;
}

export interface FieldProblem {
  code: "model-unmappable-type" | "model-unknown-type" | "model-sa-column-conflict" | "model-invalid-ondelete" | "model-invalid-foreign-key";
  message: string;
}

export interface FieldColumn {
  /** Absent when SQLModel would refuse the field (unmappable type). */
  column?: Column;
  spec: ColumnSpec;
  problems: FieldProblem[];
  /** The enum class behind an enum column, for the schema's enum list. */
  enumClass?: string;
  /**
   * The column is the Field's `sa_column`: one Column object, made once when the declaring class
   * is, which SQLAlchemy lets only one table have.
   */
  saColumn?: boolean;
}

/** Whether a class-body statement is a pydantic field at all (annotated, public, not config). */
export function isFieldStatement(stmt: PyAssignment): boolean {
  if (!stmt.annotation || !/^[A-Za-z]\w*$/.test(stmt.target)) return false;
  if (stmt.target === "model_config" || isClassVar(stmt.annotation)) return false;
  // Relationship(...) attributes are not columns (sqlmodel/main.py SQLModelMetaclass.__new__).
  return !(stmt.value?.kind === "call" && lastSegment(dottedName(stmt.value.func)) === "Relationship");
}

function isClassVar(annotation: PyExpr): boolean {
  const head = annotation.kind === "subscript" ? annotation.value : annotation.kind === "str" ? undefined : annotation;
  if (annotation.kind === "str") return /^\s*(typing\.)?ClassVar\b/.test(annotation.value);
  return lastSegment(dottedName(head)) === "ClassVar";
}

export function fieldColumn(stmt: PyAssignment, ctx: FieldContext): FieldColumn | undefined {
  const shape = shapeOf(stmt.annotation!, ctx);
  if (shape.classVar) return undefined;
  const valueCall = isFieldCall(stmt.value) ? stmt.value : undefined;
  const field = valueCall ?? shape.fieldCall;
  const kw = (name: string): PyExpr | undefined =>
    valueCall?.kwargs.find((k) => k.name === name)?.value ?? shape.fieldCall?.kwargs.find((k) => k.name === name)?.value;
  const problems: FieldProblem[] = [];

  const saColumn = kw("sa_column");
  if (saColumn && saColumn.kind !== "none") {
    const conflicting = SA_COLUMN_EXCLUSIVE.filter((k) => kw(k) !== undefined);
    if (conflicting.length > 0) {
      problems.push({
        code: "model-sa-column-conflict",
        message: `Field(...) passes ${conflicting.join(", ")} together with sa_column; SQLModel refuses this (only the Column(...) is read here).`,
      });
    }
    const spec = saColumn.kind === "call" ? readColumnCall(saColumn) : { foreignKeys: [], checks: [] };
    const type = spec.typeExpr ? typeFromSa(spec.typeExpr, ctx.enumOf, ctx.enumsByName, (t) => implOf(t, ctx)) : undefined;
    const primaryKey = spec.primaryKey ?? false;
    // SQLAlchemy Column: nullable defaults to `not primary_key`; PostgreSQL forces NOT NULL on keys.
    const nullable = !primaryKey && (spec.nullable ?? true);
    const column = makeColumn(spec.name ?? stmt.target, type ?? { kind: "unknown", raw: saColumn.kind === "call" ? "" : printExpr(saColumn) }, nullable, primaryKey, spec);
    return { column, spec, problems, saColumn: true };
  }

  const spec: ColumnSpec = { foreignKeys: [], checks: [] };
  const primaryKey = boolValue(kw("primary_key")) ?? false;
  const explicitNullable = boolValue(kw("nullable"));
  let nullable = explicitNullable ?? (!primaryKey && shape.optional);

  const foreignKey = kw("foreign_key");
  const onDelete = stringValue(kw("ondelete"));
  if (foreignKey && foreignKey.kind !== "none") {
    const target = stringValue(foreignKey);
    if (target === undefined || target.split(".").length < 2 || target.split(".").some((p) => p === "")) {
      problems.push({ code: "model-invalid-foreign-key", message: `foreign_key=${printExpr(foreignKey)} does not name "table.column".` });
    } else {
      spec.foreignKeys.push({ target, ...(onDelete ? { onDelete } : {}), range: foreignKey.range });
    }
  } else if (onDelete) {
    problems.push({ code: "model-invalid-ondelete", message: `ondelete is set without foreign_key; SQLModel raises "ondelete can only be used with foreign_key".` });
  }
  if (onDelete?.toUpperCase() === "SET NULL" && foreignKey && !nullable) {
    problems.push({ code: "model-invalid-ondelete", message: `the column is NOT NULL but has ondelete="SET NULL"; SQLModel raises 'ondelete="SET NULL" requires nullable=True'.` });
  }
  for (const arg of listItems(kw("sa_column_args"))) {
    const fk = readForeignKey(arg);
    if (fk) spec.foreignKeys.push(fk);
    else if (arg.kind === "call" && lastSegment(dottedName(arg.func)) === "CheckConstraint") spec.checks.push(readCheck(arg));
  }
  spec.index = boolValue(kw("index")) ?? false;
  spec.unique = boolValue(kw("unique")) ?? false;
  const defaultExpr = field ? (valueCall?.args[0] ?? kw("default")) : stmt.value;
  const factory = kw("default_factory");
  if (factory && factory.kind !== "none") spec.clientDefault = factoryText(factory);
  else if (defaultExpr && defaultExpr.kind !== "none" && !isEllipsis(defaultExpr)) spec.clientDefault = printExpr(defaultExpr);

  const kwargs = kw("sa_column_kwargs");
  if (kwargs?.kind === "dict") {
    const entries = kwargs.entries.flatMap((e) => (stringValue(e.key) !== undefined ? [{ name: stringValue(e.key)!, value: e.value }] : []));
    applyColumnKeywords(spec, entries);
    if (spec.nullable !== undefined) nullable = spec.nullable;
  }
  const pk = spec.primaryKey ?? primaryKey;
  // PostgreSQL makes every primary key column NOT NULL, whatever the Column says.
  if (pk) nullable = false;

  const saType = kw("sa_type");
  let type: ColumnType | undefined;
  let enumClass: string | undefined;
  if (saType && saType.kind !== "none") type = typeFromSa(saType, ctx.enumOf, ctx.enumsByName, (t) => implOf(t, ctx));
  else if (shape.unmappable) {
    problems.push({
      code: "model-unmappable-type",
      message: `${stmt.annotationText ?? "the annotation"} cannot be a column: ${shape.unmappable}. Give it sa_type=... or sa_column=Column(...).`,
    });
    return { spec, problems };
  } else {
    const mapped = typeFromShape(shape, stmt.annotationText ?? "", kw, ctx);
    type = mapped;
    if (shape.enumClass) enumClass = shape.enumClass.name;
    if (mapped.kind === "unknown") {
      problems.push({
        code: "model-unknown-type",
        message: `the type ${shape.unknown ?? mapped.raw} is neither one SQLModel maps nor an Enum or alias of the model files, so the column type is unknown.`,
      });
    }
  }
  const column = makeColumn(spec.name ?? stmt.target, type!, nullable, pk, spec);
  return { column, spec, problems, ...(enumClass ? { enumClass } : {}) };
}

function typeFromShape(shape: TypeShape, raw: string, kw: (name: string) => PyExpr | undefined, ctx: FieldContext): ColumnType {
  if (shape.enumClass) {
    const members = ctx.enumOf(shape.enumClass.name);
    // SQLAlchemy Enum(PyEnum): type name is the class name lower-cased, labels are member names.
    return { kind: "enum", enumName: shape.enumClass.name.toLowerCase(), enumValues: members?.names ?? [], raw };
  }
  const maxLength = numberValue(kw("max_length")) ?? shape.maxLength;
  switch (shape.scalar) {
    case "str":
      return maxLength !== undefined ? { kind: "string", length: maxLength, raw } : { kind: "string", raw };
    case "float":
      return { kind: "float", raw };
    case "bool":
      return { kind: "boolean", raw };
    case "int":
      return { kind: "integer", raw };
    case "datetime": {
      const aware = shape.datetime ? shape.datetime === "aware" : ctx.awareDatetime;
      return aware ? { kind: "datetime", timezone: true, raw } : { kind: "datetime", raw };
    }
    case "date":
      return { kind: "date", raw };
    case "time":
      return { kind: "time", raw };
    case "timedelta":
      return { kind: "interval", raw };
    case "bytes":
      return { kind: "bytes", raw };
    case "uuid":
      return { kind: "uuid", raw };
    case "decimal": {
      const precision = numberValue(kw("max_digits")) ?? shape.maxDigits;
      const scale = numberValue(kw("decimal_places")) ?? shape.decimalPlaces;
      // Numeric(precision=None, scale=...) renders plain NUMERIC in PostgreSQL.
      return precision !== undefined ? { kind: "numeric", precision, scale: scale ?? 0, raw } : { kind: "numeric", raw };
    }
    default:
      return { kind: "unknown", raw };
  }
}

/** The `impl = ...` of a TypeDecorator subclass in the model files that `type` names. */
function implOf(type: PyExpr, ctx: FieldContext): PyExpr | undefined {
  const cls = ctx.graph.lookup(type.kind === "call" ? type.func : type, ctx.file);
  return cls?.statements.find((s) => s.target === "impl" && s.value)?.value;
}

function makeColumn(name: string, type: ColumnType, nullable: boolean, primaryKey: boolean, spec: ColumnSpec): Column {
  return {
    name,
    type,
    nullable,
    primaryKey,
    ...(spec.serverDefault !== undefined ? { serverDefault: spec.serverDefault } : {}),
    ...(spec.clientDefault !== undefined ? { clientDefault: spec.clientDefault } : {}),
    ...(spec.comment !== undefined ? { comment: spec.comment } : {}),
  };
}

function isFieldCall(expr: PyExpr | undefined): expr is CallExpr {
  return expr?.kind === "call" && lastSegment(dottedName(expr.func)) === "Field";
}

function isEllipsis(expr: PyExpr): boolean {
  return expr.kind === "other" && expr.text === "...";
}

function listItems(expr: PyExpr | undefined): PyExpr[] {
  return expr && (expr.kind === "list" || expr.kind === "tuple") ? expr.items : [];
}

/** `uuid.uuid4` -> `uuid.uuid4()`; a lambda stays as written. */
function factoryText(expr: PyExpr): string {
  return expr.kind === "name" || expr.kind === "attr" ? `${printExpr(expr)}()` : printExpr(expr);
}
