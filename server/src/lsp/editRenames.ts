// Rename detection from the edit itself: when a field keeps its line and its type and only its
// name changes between two versions of a buffer, the user renamed it. The diff alone cannot know
// this (a dropped and an added column of the same type may be anything), so these hints are passed
// to it as explicit renames, and the quick fix then offers `alter_column(new_column_name=...)`.

/** One model field as it stands in a buffer version. */
export interface FieldLine {
  table: string;
  /** Column name. */
  name: string;
  /** 0-based line of the field's declaration. */
  line: number;
  /** The type as written (annotation + relevant Field/sa_column text), compared verbatim. */
  typeText: string;
}

export interface EditRename {
  table: string;
  from: string;
  to: string;
}

/** Table -> (old column name -> new column name), the shape DiffOptions.renames takes. */
export type RenameHints = Record<string, Record<string, string>>;

export function detectEditRenames(previous: readonly FieldLine[], next: readonly FieldLine[]): EditRename[] {
  const key = (f: FieldLine): string => `${f.table}\u0000${f.name}`;
  const nextNames = new Set(next.map(key));
  const previousNames = new Set(previous.map(key));
  const gone = previous.filter((f) => !nextNames.has(key(f)));
  const added = next.filter((f) => !previousNames.has(key(f)));
  const renames: EditRename[] = [];
  const used = new Set<FieldLine>();
  for (const old of gone) {
    const candidates = added.filter((f) => !used.has(f) && f.table === old.table && f.line === old.line && f.typeText === old.typeText);
    // Exactly one field on the same line: anything else is a bigger edit we do not guess about.
    if (candidates.length !== 1) continue;
    used.add(candidates[0]);
    renames.push({ table: old.table, from: old.name, to: candidates[0].name });
  }
  return renames;
}

/**
 * Folds new renames into the accumulated hints. Typing a name letter by letter renames
 * `due` -> `due_` -> `due_d` -> ... : the hint keeps the original name (`due` -> `due_d`), and
 * typing the original name back removes it.
 */
export function applyEditRenames(hints: RenameHints, renames: readonly EditRename[]): RenameHints {
  const out: RenameHints = {};
  for (const [table, map] of Object.entries(hints)) out[table] = { ...map };
  for (const { table, from, to } of renames) {
    const map = (out[table] ??= {});
    const original = Object.keys(map).find((old) => map[old] === from) ?? from;
    if (original === to) delete map[original];
    else map[original] = to;
    if (Object.keys(map).length === 0) delete out[table];
  }
  return out;
}

/**
 * Drops hints that no longer describe a pending rename: the old column is no longer in the
 * migration head (a migration now covers it) or the new name is no longer in the models.
 */
export function pruneRenameHints(
  hints: RenameHints,
  inHead: (table: string, column: string) => boolean,
  inModels: (table: string, column: string) => boolean,
): RenameHints {
  const out: RenameHints = {};
  for (const [table, map] of Object.entries(hints)) {
    for (const [from, to] of Object.entries(map)) {
      if (inHead(table, from) && inModels(table, to) && !inModels(table, from)) (out[table] ??= {})[from] = to;
    }
  }
  return out;
}
