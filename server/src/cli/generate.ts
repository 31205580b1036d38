// `dmw generate -m "message"`: writes one new migration for the drift between the models and the
// migration head into the versions folder and prints its path.
// Exit codes: 0 written, 1 nothing to generate / several heads / file exists / unusable project,
// 2 usage error.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { analyzeProject } from "../analysis/analyzeProject";
import { maskSecrets } from "../database/connection";
import { introspectDatabase } from "../database/introspect";
import { isDatabaseProblem } from "../database/types";
import { getOption, parseIni } from "../project/configParser";
import { discoverProject } from "../project/discover";
import { newRevisionId } from "../writer/fileName";
import { findNonCastableValues } from "../writer/databaseFacts";
import { generateMigration, isGenerateError, parseRenameOption } from "../writer/generate";
import type { WriterDatabaseFacts } from "../writer/types";
import { isDirectory, parseOptions, readTextOrUndefined, UsageError } from "./args";
import { runCaches } from "./runCaches";

export const GENERATE_USAGE = `usage: dmw generate -m MESSAGE [options]

Write one new Alembic migration for what the SQLModel models have and the migration history
does not, using safe patterns (renames instead of drop + add, guarded type conversions, NOT NULL
after a backfill). Prints the new file's path.

options:
  -m, --message TEXT       what the migration does (becomes its docstring and file name)
  --root DIR               project folder holding alembic.ini, or its parent (default: .)
  --database-url URL       read real constraint names and values that would not convert (read-only)
  --rename TABLE.OLD=NEW   treat a dropped and an added column as a rename (repeatable)
  --no-rename              never pair dropped and added columns as renames by guessing
  --no-cache               parse every migration and model file again, without the cache
                           (also DMW_NO_CACHE=1; its folder: DMW_CACHE_DIR)
  -h, --help               show this help

exit status: 0 written, 1 nothing to generate, several heads, file exists or unusable project,
2 usage error
`;

interface GenerateArgs {
  message: string;
  root: string;
  databaseUrl?: string;
  renames: Record<string, Record<string, string>>;
  detectRenames: boolean;
  noCache?: boolean;
}

export function parseGenerateArgs(argv: string[]): GenerateArgs | "help" {
  const values = parseOptions(argv, {
    message: { type: "string", short: "m" },
    root: { type: "string" },
    "database-url": { type: "string" },
    rename: { type: "string", multiple: true },
    "no-rename": { type: "boolean" },
    "no-cache": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  if (!values.message?.trim()) throw new UsageError('a message is required: -m "what this migration does"');
  const renames: Record<string, Record<string, string>> = {};
  for (const rename of values.rename ?? []) {
    if (!parseRenameOption(rename, renames)) throw new UsageError(`--rename expects TABLE.OLD=NEW, not '${rename}'`);
  }
  return {
    message: values.message,
    root: values.root || ".",
    ...(values["database-url"] ? { databaseUrl: values["database-url"] } : {}),
    renames,
    detectRenames: !values["no-rename"],
    ...(values["no-cache"] ? { noCache: true } : {}),
  };
}

function fail(message: string, code = 1): number {
  process.stderr.write(`dmw generate: ${message}\n`);
  return code;
}

export async function generateCommand(argv: string[]): Promise<number> {
  let args: GenerateArgs | "help";
  try {
    args = parseGenerateArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return fail(`${error.message}\n\n${GENERATE_USAGE}`, 2);
  }
  if (args === "help") {
    process.stdout.write(GENERATE_USAGE);
    return 0;
  }
  const root = resolve(args.root);
  if (!isDirectory(root)) return fail(`${args.root} is not a folder`, 2);

  const layout = discoverProject(root);
  if (!layout.alembicIni) return fail(`no alembic.ini found in ${args.root} or below it`);
  if (layout.modelFiles.length === 0) return fail("no model files found: a migration generated now would drop every table");
  const caches = runCaches(layout, args.noCache);
  const analysis = analyzeProject(layout, readTextOrUndefined, { cache: caches.migrations, modelsCache: caches.models });
  caches.save();
  // Fixed revision and date: a second pass with the database's facts changes only what they inform.
  const options = {
    message: args.message,
    renames: args.renames,
    detectRenames: args.detectRenames,
    revision: newRevisionId(randomBytes),
    createDate: new Date(),
    ...truncateSlugLength(layout.alembicIni),
  };
  let result = generateMigration(analysis, options);
  if (isGenerateError(result)) return fail(result.error);
  if (args.databaseUrl) {
    const database = await readDatabaseFacts(args.databaseUrl, result.changes);
    const again = generateMigration(analysis, { ...options, database });
    if (!isGenerateError(again)) result = again;
  }

  try {
    // "wx": never overwrite an existing file.
    await writeFile(result.path, result.text, { encoding: "utf8", flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return fail(`${relative(process.cwd(), result.path)} already exists; not overwriting it`);
    return fail(`cannot write ${relative(process.cwd(), result.path)}: ${code ?? "write failed"}`);
  }
  for (const change of result.changes) {
    if (change.kind === "rename-column" && args.renames[change.table]?.[change.from.name] !== change.to.name) {
      process.stderr.write(
        `note: ${change.table}.${change.from.name} -> ${change.to.name} is written as a rename (the data is kept); ` +
          `if it is a new column, run again with --no-rename\n`,
      );
    }
  }
  for (const warning of result.plan.warnings) process.stderr.write(`warning: ${warning}\n`);
  for (const note of result.plan.notes) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(`${result.path}\n`);
  return 0;
}

/** `truncate_slug_length` from alembic.ini's [alembic] section, when set to a number. */
function truncateSlugLength(iniPath: string): { truncateSlugLength?: number } {
  const text = readTextOrUndefined(iniPath);
  if (text === undefined) return {};
  try {
    const value = Number(getOption(parseIni(text), "alembic", "truncate_slug_length", { here: dirname(iniPath) }));
    return Number.isInteger(value) && value > 0 ? { truncateSlugLength: value } : {};
  } catch {
    return {};
  }
}

async function readDatabaseFacts(url: string, changes: Parameters<typeof findNonCastableValues>[1]): Promise<WriterDatabaseFacts> {
  const snapshot = await introspectDatabase(url);
  if (isDatabaseProblem(snapshot)) {
    process.stderr.write(`warning: ${maskSecrets(snapshot.message, undefined)} Generating without the database's facts.\n`);
    return {};
  }
  const nonCastable = await findNonCastableValues(url, changes);
  return { schema: snapshot.schema, ...(nonCastable ? { nonCastable } : {}) };
}
