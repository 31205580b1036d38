// Reads just enough of the SQL inside op.execute("...") to run the SQL-level rules on it:
// CREATE/DROP INDEX, ALTER TABLE actions, UPDATE/DELETE (with or without WHERE), TRUNCATE,
// BEGIN/COMMIT, SET. Not a full parser: anything else is kind "other" and no rule fires on it.
import { splitSqlStatements } from "../history/sqlStatements";
import { tokenize, Tokens, type Token } from "./sqlTokens";

export type SqlConstraintKind = "foreign-key" | "check" | "unique" | "primary-key" | "exclude" | "other";

export type SqlAlterAction =
  | { kind: "add-column"; column: string; notNull: boolean; default?: string; references: boolean }
  | { kind: "add-constraint"; name?: string; constraint: SqlConstraintKind; notValid: boolean; usingIndex: boolean }
  | { kind: "validate-constraint"; name: string }
  | { kind: "set-not-null"; column: string }
  | { kind: "drop-not-null"; column: string }
  | { kind: "set-type"; column: string; type: string; using: boolean }
  | { kind: "drop-column"; column: string }
  | { kind: "rename-column"; from: string; to: string }
  | { kind: "rename-table"; to: string }
  | { kind: "other"; text: string };

export type SqlStatement =
  | { kind: "create-index"; text: string; table?: string; name?: string; unique: boolean; concurrently: boolean }
  | { kind: "drop-index"; text: string; name?: string; concurrently: boolean }
  | { kind: "alter-table"; text: string; table?: string; actions: SqlAlterAction[] }
  | { kind: "update"; text: string; table?: string; hasWhere: boolean; setColumns: string[]; where?: string }
  | { kind: "delete"; text: string; table?: string; hasWhere: boolean }
  | { kind: "truncate"; text: string; tables: string[]; cascade: boolean }
  | { kind: "drop-table"; text: string; tables: string[] }
  | { kind: "transaction"; text: string; verb: "begin" | "commit" | "rollback" }
  | { kind: "set"; text: string; name: string; value: string }
  | { kind: "other"; text: string; keyword: string };

/** Splits on `;` outside quotes, dollar quotes and comments (comments dropped), then classifies each statement. */
export function scanSql(sql: string): SqlStatement[] {
  return splitSqlStatements(sql).map(classify);
}

function classify(text: string): SqlStatement {
  const t = new Tokens(tokenize(text));
  const keyword = t.peek()?.up ?? "";
  if (t.eat("CREATE")) {
    const unique = t.eat("UNIQUE");
    if (t.eat("INDEX")) {
      const concurrently = t.eat("CONCURRENTLY");
      t.eat("IF", "NOT", "EXISTS");
      const name = t.is("ON") ? undefined : t.name();
      t.eat("ON");
      t.eat("ONLY");
      return { kind: "create-index", text, table: t.name(), name, unique, concurrently };
    }
  }
  if (t.eat("DROP", "INDEX")) {
    const concurrently = t.eat("CONCURRENTLY");
    t.eat("IF", "EXISTS");
    return { kind: "drop-index", text, name: t.name(), concurrently };
  }
  if (t.eat("DROP", "TABLE")) {
    t.eat("IF", "EXISTS");
    return { kind: "drop-table", text, tables: nameList(t) };
  }
  if (t.eat("ALTER", "TABLE")) {
    t.eat("IF", "EXISTS");
    t.eat("ONLY");
    const table = t.name();
    return { kind: "alter-table", text, table, actions: splitTopLevel(t.rest()).map(alterAction) };
  }
  if (t.eat("UPDATE")) {
    t.eat("ONLY");
    const table = t.name();
    const setColumns: string[] = [];
    const rest = t.rest();
    const setAt = rest.findIndex((x) => x.up === "SET");
    const whereAt = rest.findIndex((x) => x.up === "WHERE" && !x.quoted);
    if (setAt >= 0) {
      for (const part of splitTopLevel(rest.slice(setAt + 1, whereAt < 0 ? undefined : whereAt))) {
        if (part[0] && part[1]?.up === "=") setColumns.push(part[0].quoted ? part[0].text : part[0].text.toLowerCase());
      }
    }
    const where = whereAt >= 0 ? rest.slice(whereAt + 1).map((x) => x.text).join(" ") : undefined;
    return { kind: "update", text, table, hasWhere: whereAt >= 0, setColumns, ...(where !== undefined ? { where } : {}) };
  }
  if (t.eat("DELETE", "FROM")) {
    t.eat("ONLY");
    return { kind: "delete", text, table: t.name(), hasWhere: t.has("WHERE") };
  }
  if (t.eat("TRUNCATE")) {
    t.eat("TABLE");
    t.eat("ONLY");
    return { kind: "truncate", text, tables: nameList(t), cascade: t.has("CASCADE") };
  }
  if (t.is("BEGIN") || t.is("START", "TRANSACTION")) return { kind: "transaction", text, verb: "begin" };
  if (t.is("COMMIT") || t.is("END")) return { kind: "transaction", text, verb: "commit" };
  if (t.is("ROLLBACK") || t.is("ABORT")) return { kind: "transaction", text, verb: "rollback" };
  if (t.eat("SET")) {
    t.eat("LOCAL") || t.eat("SESSION");
    const name = (t.peek()?.text ?? "").toLowerCase();
    t.pos++;
    t.eat("TO") || t.eat("=");
    return { kind: "set", text, name, value: t.rest().map((x) => x.text).join(" ").replace(/^'(.*)'$/, "$1") };
  }
  return { kind: "other", text, keyword };
}

function nameList(t: Tokens): string[] {
  const out: string[] = [];
  for (;;) {
    const n = t.name();
    if (!n) break;
    out.push(n);
    if (!t.eat(",")) break;
  }
  return out;
}

/** Splits tokens on commas at parenthesis depth 0. */
function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const tok of tokens) {
    if (tok.up === "(" && !tok.quoted) depth++;
    if (tok.up === ")" && !tok.quoted) depth--;
    if (tok.up === "," && !tok.quoted && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(tok);
  }
  return parts.filter((p) => p.length > 0);
}

function alterAction(tokens: Token[]): SqlAlterAction {
  const t = new Tokens(tokens);
  const text = tokens.map((x) => x.text).join(" ");
  if (t.eat("ADD")) {
    if (t.eat("CONSTRAINT")) return addConstraint(t, t.name());
    if (t.is("FOREIGN") || t.is("CHECK") || t.is("UNIQUE") || t.is("PRIMARY") || t.is("EXCLUDE")) return addConstraint(t, undefined);
    t.eat("COLUMN");
    t.eat("IF", "NOT", "EXISTS");
    const column = t.name() ?? "";
    const rest = t.rest();
    const up = rest.map((x) => (x.quoted ? "" : x.up));
    const defAt = up.indexOf("DEFAULT");
    let def: string | undefined;
    if (defAt >= 0) {
      const stop = up.findIndex((w, k) => k > defAt && ["NOT", "NULL", "CONSTRAINT", "REFERENCES", "CHECK", "UNIQUE", "PRIMARY"].includes(w));
      def = rest.slice(defAt + 1, stop < 0 ? undefined : stop).map((x) => x.text).join("");
    }
    const notNull = up.some((w, k) => w === "NOT" && up[k + 1] === "NULL");
    return { kind: "add-column", column, notNull, ...(def !== undefined ? { default: def } : {}), references: up.includes("REFERENCES") };
  }
  if (t.eat("VALIDATE", "CONSTRAINT")) return { kind: "validate-constraint", name: t.name() ?? "" };
  if (t.eat("ALTER")) {
    t.eat("COLUMN");
    const column = t.name() ?? "";
    if (t.is("SET", "NOT", "NULL")) return { kind: "set-not-null", column };
    if (t.is("DROP", "NOT", "NULL")) return { kind: "drop-not-null", column };
    if (t.eat("SET", "DATA", "TYPE") || t.eat("TYPE")) {
      const rest = t.rest();
      const usingAt = rest.findIndex((x) => x.up === "USING" && !x.quoted);
      const type = rest.slice(0, usingAt < 0 ? undefined : usingAt).map((x) => x.text).join("");
      return { kind: "set-type", column, type, using: usingAt >= 0 };
    }
    return { kind: "other", text };
  }
  if (t.eat("DROP")) {
    if (t.eat("CONSTRAINT")) return { kind: "other", text };
    t.eat("COLUMN");
    t.eat("IF", "EXISTS");
    return { kind: "drop-column", column: t.name() ?? "" };
  }
  if (t.eat("RENAME")) {
    if (t.eat("TO")) return { kind: "rename-table", to: t.name() ?? "" };
    if (t.eat("CONSTRAINT")) return { kind: "other", text };
    t.eat("COLUMN");
    const from = t.name() ?? "";
    t.eat("TO");
    return { kind: "rename-column", from, to: t.name() ?? "" };
  }
  return { kind: "other", text };
}

function addConstraint(t: Tokens, name: string | undefined): SqlAlterAction {
  const constraint: SqlConstraintKind = t.is("FOREIGN")
    ? "foreign-key"
    : t.is("CHECK")
      ? "check"
      : t.is("UNIQUE")
        ? "unique"
        : t.is("PRIMARY")
          ? "primary-key"
          : t.is("EXCLUDE")
            ? "exclude"
            : "other";
  const rest = t.rest().map((x) => (x.quoted ? "" : x.up));
  const notValid = rest.some((w, k) => w === "NOT" && rest[k + 1] === "VALID");
  const usingIndex = rest.some((w, k) => w === "USING" && rest[k + 1] === "INDEX");
  return { kind: "add-constraint", ...(name ? { name } : {}), constraint, notValid, usingIndex };
}
