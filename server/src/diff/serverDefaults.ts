// Server defaults arrive in three spellings: the model's `server_default="false"`, the migration's
// `server_default=sa.text("now()")`, and PostgreSQL's own `pg_get_expr` output (`false`,
// `now()`, `'todo'::character varying`). We compare a normalised form so that spelling alone is
// never reported as drift.

/** `'x'::character varying` -> `'x'`; PostgreSQL adds these casts when it stores a default. */
const TRAILING_CAST = /::\s*"?[a-z_][a-z0-9_ ]*"?(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?\s*$/i;

/** Keyword spellings PostgreSQL treats as the same default. */
const SYNONYMS: Record<string, string> = {
  current_timestamp: "now()",
  "current_timestamp()": "now()",
  "transaction_timestamp()": "now()",
  "localtimestamp": "localtimestamp",
  true: "true",
  false: "false",
  "'t'": "true",
  "'f'": "false",
  "'true'": "true",
  "'false'": "false",
  null: "null",
};

function stripOuterParens(text: string): string {
  let out = text;
  while (out.startsWith("(") && out.endsWith(")") && balancedInside(out.slice(1, -1))) out = out.slice(1, -1).trim();
  return out;
}

function balancedInside(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Lower-cases everything outside single-quoted literals and collapses whitespace. */
function lowerOutsideQuotes(text: string): string {
  let out = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += quoted || ch === "'" ? ch : ch.toLowerCase();
  }
  return out.replace(/\s+/g, " ");
}

export function normaliseServerDefault(text: string): string {
  let out = stripOuterParens(text.trim());
  // Casts may be stacked (`'0'::text::integer`): remove them one by one.
  for (let previous = ""; previous !== out; ) {
    previous = out;
    out = stripOuterParens(out.replace(TRAILING_CAST, "").trim());
  }
  out = lowerOutsideQuotes(out);
  // A quoted number and the bare number are the same default for a numeric column.
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(out);
  if (quotedNumber) out = quotedNumber[1];
  return SYNONYMS[out] ?? out;
}

export function sameServerDefault(a: string, b: string): boolean {
  return a === b || normaliseServerDefault(a) === normaliseServerDefault(b);
}
