// Field annotation -> the shape SQLModel derives a column type and nullability from.
// Rules of SQLModel 0.0.47: sqlmodel/_compat.py `get_sa_type_from_type_annotation` (unwraps
// Annotated and Optional; a Union of two non-None types or of more than two members raises
// "Cannot have a (non-optional) union"; other generics map by their origin, so list[...] is
// `list`), `is_field_noneable` (a Union containing None), and sqlmodel/main.py
// `get_sqlalchemy_type` (the type table in scalarOf below, checked in SQLModel's order).
import { dottedName, lastSegment, numberValue, type PyExpr } from "../python/syntax";
import type { ClassGraph } from "./classGraph";
import { parseAnnotationText, type ScannedClass } from "./scan";

export type Scalar = "str" | "float" | "bool" | "int" | "datetime" | "date" | "time" | "timedelta" | "bytes" | "decimal" | "uuid";

export type CallExpr = Extract<PyExpr, { kind: "call" }>;

export interface TypeShape {
  /** The annotation admits None (`Optional[X]`, `X | None`, `Union[X, None]`). */
  optional: boolean;
  classVar?: boolean;
  scalar?: Scalar;
  enumClass?: ScannedClass;
  /** Why SQLModel cannot map it (it raises at import). */
  unmappable?: string;
  /** A type name the model files do not define. */
  unknown?: string;
  /** From Annotated metadata (MaxLen, Field) or condecimal(). */
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  /** pydantic NaiveDatetime / AwareDatetime. */
  datetime?: "naive" | "aware";
  /** `Annotated[T, Field(...)]`. */
  fieldCall?: CallExpr;
}

// Names SQLModel maps, by the class they are (a subclass of) in get_sqlalchemy_type.
const SCALARS: Record<string, Scalar> = {
  str: "str", EmailStr: "str", Path: "str", PurePath: "str", PosixPath: "str", WindowsPath: "str",
  IPv4Address: "str", IPv6Address: "str", IPv4Network: "str", IPv6Network: "str", StrictStr: "str",
  float: "float", StrictFloat: "float", PositiveFloat: "float", NegativeFloat: "float", NonNegativeFloat: "float",
  NonPositiveFloat: "float", FiniteFloat: "float",
  bool: "bool", StrictBool: "bool",
  int: "int", StrictInt: "int", PositiveInt: "int", NegativeInt: "int", NonNegativeInt: "int", NonPositiveInt: "int",
  datetime: "datetime", AwareDatetime: "datetime", NaiveDatetime: "datetime", PastDatetime: "datetime", FutureDatetime: "datetime",
  date: "date", PastDate: "date", FutureDate: "date",
  time: "time",
  timedelta: "timedelta",
  bytes: "bytes", StrictBytes: "bytes",
  Decimal: "decimal",
  UUID: "uuid", UUID1: "uuid", UUID3: "uuid", UUID4: "uuid", UUID5: "uuid",
};

// pydantic's constrained-type helpers: constr(max_length=50) is Annotated[str, ...].
const CON_HELPERS: Record<string, Scalar> = {
  constr: "str", conint: "int", confloat: "float", condecimal: "decimal", conbytes: "bytes", condate: "date",
};

// Types SQLModel is known to refuse without sa_type/sa_column.
const UNMAPPABLE = new Set([
  "dict", "Dict", "list", "List", "set", "Set", "frozenset", "FrozenSet", "tuple", "Tuple", "Sequence", "Mapping",
  "MutableMapping", "Iterable", "Collection", "Any", "object", "Json", "Literal", "HttpUrl", "AnyUrl", "AnyHttpUrl",
  "complex", "bytearray", "SecretStr", "SecretBytes", "TypedDict", "JsonValue",
]);

const NONE_NAMES = new Set(["None", "NoneType"]);

export interface AnnotationContext {
  graph: ClassGraph;
  file: string;
  /** A module-level value (type alias) visible from `file` by name. */
  alias(name: string, file: string): { expr: PyExpr; file: string } | undefined;
}

export function shapeOf(annotation: PyExpr, ctx: AnnotationContext): TypeShape {
  const shape: TypeShape = { optional: false };
  walk(annotation, ctx, ctx.file, shape, 0);
  return shape;
}

const MAX_DEPTH = 12;

function walk(expr: PyExpr, ctx: AnnotationContext, file: string, shape: TypeShape, depth: number): void {
  if (depth > MAX_DEPTH) {
    shape.unknown ??= "recursive type alias";
    return;
  }
  if (expr.kind === "str") {
    const parsed = parseAnnotationText(expr.value);
    if (parsed) walk(parsed, ctx, file, shape, depth + 1);
    else shape.unknown ??= expr.value;
    return;
  }
  const members = unionMembers(expr);
  if (members) {
    const real = members.filter((m) => !isNone(m));
    if (real.length < members.length) shape.optional = true;
    if (members.length > 2 || real.length !== 1) {
      shape.unmappable = "SQLModel cannot have a (non-optional) union as a column";
      return;
    }
    walk(real[0], ctx, file, shape, depth + 1);
    return;
  }
  if (expr.kind === "subscript") {
    const head = lastSegment(dottedName(expr.value));
    if (head === "Optional") {
      shape.optional = true;
      if (expr.index[0]) walk(expr.index[0], ctx, file, shape, depth + 1);
      return;
    }
    if (head === "Annotated") {
      const [inner, ...meta] = expr.index;
      for (const m of meta) readMetadata(m, shape);
      if (inner) walk(inner, ctx, file, shape, depth + 1);
      return;
    }
    if (head === "ClassVar") {
      shape.classVar = true;
      return;
    }
    if (head === "Mapped") {
      if (expr.index[0]) walk(expr.index[0], ctx, file, shape, depth + 1);
      return;
    }
    // Other generics map by their origin (`list[int]` -> list).
    return walkName(head, expr.value, ctx, file, shape, depth);
  }
  if (expr.kind === "call") {
    const helper = lastSegment(dottedName(expr.func));
    if (helper && helper in CON_HELPERS) {
      shape.scalar = CON_HELPERS[helper];
      // condecimal's digits reach SQLModel as PydanticMetadata; constr's max_length does not
      // (it travels as StringConstraints, which get_field_metadata does not look at).
      if (helper === "condecimal") readLengths(expr, shape);
      return;
    }
    shape.unknown ??= helper ?? "call";
    return;
  }
  if (expr.kind === "name" || expr.kind === "attr") {
    return walkName(lastSegment(dottedName(expr)), expr, ctx, file, shape, depth);
  }
  if (expr.kind === "none") {
    shape.optional = true;
    shape.unmappable = "a bare None annotation has no type";
    return;
  }
  shape.unknown ??= expr.kind === "other" ? expr.text : expr.kind;
}

function walkName(name: string | undefined, expr: PyExpr, ctx: AnnotationContext, file: string, shape: TypeShape, depth: number): void {
  if (!name) {
    shape.unknown ??= "?";
    return;
  }
  const cls = ctx.graph.lookup(expr, file);
  if (cls) {
    if (ctx.graph.isEnum(cls)) {
      shape.enumClass = cls;
      return;
    }
    // get_sqlalchemy_type checks issubclass: `class Email(str)` maps like str.
    const external = ctx.graph.mro(cls).flatMap((c) => c.bases.filter((_, i) => !ctx.graph.bases(c)[i]).map((b) => lastSegment(dottedName(b)) ?? ""));
    const scalarBase = external.find((name) => name in SCALARS);
    if (scalarBase) shape.scalar = SCALARS[scalarBase];
    else if (external.some((name) => name === "SQLModel" || name === "BaseModel")) shape.unmappable = `${cls.name} is a model class (a relationship needs Relationship())`;
    else shape.unknown ??= cls.name;
    return;
  }
  // A type alias defined in the model files wins over a same-named builtin only when it is local.
  const alias = expr.kind === "name" ? ctx.alias(name, file) : undefined;
  if (alias && !(name in SCALARS)) {
    walk(alias.expr, ctx, alias.file, shape, depth + 1);
    return;
  }
  if (name in SCALARS) {
    shape.scalar = SCALARS[name];
    if (name === "NaiveDatetime") shape.datetime = "naive";
    else if (name === "AwareDatetime") shape.datetime = "aware";
    return;
  }
  if (UNMAPPABLE.has(name)) {
    shape.unmappable = `SQLModel has no column type for ${name}`;
    return;
  }
  shape.unknown ??= dottedName(expr) ?? name;
}

/** Members of `Union[...]`, `A | B | None`, or undefined when not a union. */
function unionMembers(expr: PyExpr): PyExpr[] | undefined {
  if (expr.kind === "binop" && expr.op === "|") return [...(unionMembers(expr.left) ?? [expr.left]), ...(unionMembers(expr.right) ?? [expr.right])];
  if (expr.kind === "subscript" && lastSegment(dottedName(expr.value)) === "Union") {
    return expr.index.flatMap((m) => unionMembers(m) ?? [m]);
  }
  return undefined;
}

function isNone(expr: PyExpr): boolean {
  return expr.kind === "none" || NONE_NAMES.has(lastSegment(dottedName(expr)) ?? "") || (expr.kind === "str" && expr.value === "None");
}

/**
 * Annotated metadata SQLModel reads: Field(...) (SQLModel's or pydantic's), MaxLen, and
 * NaiveDatetime/AwareDatetime. sqlmodel/_compat.py get_field_metadata only looks for MaxLen and
 * PydanticMetadata, so StringConstraints(max_length=...) and Len(...) give no VARCHAR length
 * (checked against SQLModel 0.0.47).
 */
function readMetadata(meta: PyExpr, shape: TypeShape): void {
  const name = lastSegment(dottedName(meta.kind === "call" ? meta.func : meta));
  if (meta.kind === "call") {
    if (name === "Field") shape.fieldCall = meta;
    else if (name === "MaxLen") shape.maxLength = numberValue(meta.args[0] ?? meta.kwargs.find((k) => k.name === "max_length")?.value) ?? shape.maxLength;
  } else if (name === "NaiveDatetime" || name === "AwareDatetime") {
    // sqlmodel/_compat.py: the last timezone constraint in Annotated applies.
    shape.datetime = name === "NaiveDatetime" ? "naive" : "aware";
  }
}

function readLengths(call: CallExpr, shape: TypeShape): void {
  const kw = (k: string): number | undefined => numberValue(call.kwargs.find((a) => a.name === k)?.value);
  shape.maxLength = kw("max_length") ?? shape.maxLength;
  shape.maxDigits = kw("max_digits") ?? shape.maxDigits;
  shape.decimalPlaces = kw("decimal_places") ?? shape.decimalPlaces;
}
