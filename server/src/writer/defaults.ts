// The value to fill existing rows with when a column becomes NOT NULL: the server default when the
// model has one, else the model's Python default translated to SQL when that translation is exact.
// Anything else returns undefined and the migration refuses to guess.
import type { Column } from "../schema/types";
import { sqlLiteral } from "./sql";

/** SQL expression for the backfill, or undefined when there is no usable default. */
export function backfillValue(column: Column): string | undefined {
  if (column.serverDefault !== undefined) return column.serverDefault;
  const source = column.clientDefault?.trim();
  if (!source) return undefined;
  return pythonDefaultToSql(source, column);
}

function pythonDefaultToSql(source: string, column: Column): string | undefined {
  const type = column.type;
  if (source === "None") return undefined;
  if (source === "True" || source === "False") return type.kind === "boolean" ? source.toLowerCase() : undefined;
  if (/^-?\d+(\.\d+)?$/.test(source)) return isNumeric(column) ? source : undefined;
  const text = pythonStringValue(source);
  if (text !== undefined) return sqlLiteral(text);
  // `Priority.normal` for an enum column: SQLAlchemy stores the member *name*.
  const member = /^[A-Za-z_][\w.]*\.([A-Za-z_]\w*)$/.exec(source)?.[1];
  if (type.kind === "enum" && member && type.enumValues?.includes(member)) return sqlLiteral(member);
  if (type.kind === "datetime" && /\b(datetime\.)?(now|utcnow)\b/.test(source)) {
    // utcnow()/now(timezone.utc) for a column without time zone stores UTC wall-clock time.
    const utc = /utcnow|timezone\.utc|UTC/.test(source);
    if (type.timezone) return "now()";
    return utc ? "timezone('utc', now())" : "localtimestamp";
  }
  if (type.kind === "date" && /\b(date\.today|today)\b/.test(source)) return "current_date";
  if (type.kind === "uuid" && /\buuid4\b/.test(source)) return "gen_random_uuid()";
  if ((type.kind === "json" || type.kind === "jsonb") && /^(dict|list|\{\}|\[\])$/.test(source.replace(/^lambda:\s*/, ""))) {
    return /list|\[\]/.test(source) ? "'[]'" : "'{}'";
  }
  return undefined;
}

function isNumeric(column: Column): boolean {
  return ["smallint", "integer", "bigint", "numeric", "float", "real"].includes(column.type.kind);
}

/** The value of a plain Python string literal ('x', "x"), else undefined. */
function pythonStringValue(source: string): string | undefined {
  const match = /^([rRuU]?)(['"])((?:\\.|(?!\2)[^\\])*)\2$/s.exec(source);
  if (!match) return undefined;
  if (match[1].toLowerCase() === "r") return match[3];
  return match[3].replace(/\\(['"\\])/g, "$1").replace(/\\n/g, "\n");
}
