// Every prefix of real revision files (a file being typed) parses and replays: the revision id is
// read once its line is complete, and a broken prefix carries a syntax-error finding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import { replayHistory } from "../../../server/src/history/replay";
import { parsePython } from "../../../server/src/python/syntax";

const versions = join(__dirname, "..", "..", "fixtures", "migrations", "replay_fidelity", "alembic", "versions");

test("every prefix of every fixture revision parses, builds a graph and replays", () => {
  for (const name of readdirSync(versions).filter((n) => n.endsWith(".py")).sort()) {
    const text = readFileSync(join(versions, name), "utf8");
    const revisionLine = text.split("\n").findIndex((l) => /^revision\b/.test(l));
    const revisionLineEnd = text.split("\n").slice(0, revisionLine + 1).join("\n").length;
    for (let cut = 0; cut <= text.length; cut += 11) {
      const prefix = text.slice(0, cut);
      const file = parseMigration(join(versions, name), prefix);
      if (cut > revisionLineEnd) assert.ok(file.revision, `${name} cut at ${cut}: revision read`);
      if (parsePython(prefix).errors.length > 0) assert.ok(file.findings.some((f) => f.code === "history-syntax-error"), `${name} cut at ${cut}: syntax error reported`);
      const replay = replayHistory(buildRevisionGraph([file]));
      assert.equal(replay.schema.origin, "history");
      for (const f of replay.findings) assert.match(f.code, /^history-(opaque-step|replay-conflict)$/);
    }
  }
});
