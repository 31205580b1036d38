// Reads the migration history from disk for the view: the project layout (alembic.ini, version
// folders) and every revision file, parsed and linked into a revision graph. Works with no
// database. Unreadable files are skipped; their problems are the language server's to report.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MigrationFile, RevisionGraph } from "../../../server/src/history";
import type { DiscoverOverrides, ProjectLayout } from "../../../server/src/project";

type HistoryModule = typeof import("../../../server/src/history");
type ProjectModule = typeof import("../../../server/src/project");

// Required on first use rather than at activation: the parser loads tree-sitter's native module,
// and if that cannot load on some machine, the rest of the extension should still start.
function readers(): { history: HistoryModule; project: ProjectModule } {
  return {
    history: require("../../../server/src/history") as HistoryModule,
    project: require("../../../server/src/project") as ProjectModule,
  };
}

export interface LoadedHistory {
  layout: ProjectLayout;
  graph: RevisionGraph;
}

function pythonFiles(dir: string, recursive: boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith(".py") && entry.name !== "__init__.py") out.push(path);
    else if (recursive && entry.isDirectory() && entry.name !== "__pycache__") out.push(...pythonFiles(path, true));
  }
  return out;
}

export function loadHistory(root: string, overrides: DiscoverOverrides = {}): LoadedHistory {
  const { history, project } = readers();
  const layout = project.discoverProject(root, overrides);
  const files: MigrationFile[] = [];
  for (const dir of layout.versionsDirs) {
    for (const path of pythonFiles(dir, layout.recursiveVersionLocations)) {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        continue;
      }
      const parsed = history.parseMigration(path, text);
      if (parsed.revision !== undefined) files.push(parsed);
    }
  }
  return { layout, graph: history.buildRevisionGraph(files) };
}
