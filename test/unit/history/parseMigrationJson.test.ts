// A parsed migration is plain data: the persistent parse cache stores it as JSON and hands the
// result back in place of a fresh parse, so a JSON round trip must give back exactly the same value
// (no undefined-valued keys, Maps, class instances, NaN or -0).
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { notJsonExact } from "../../helpers/jsonExact";

const REPO_ROOT = join(__dirname, "..", "..", "..");

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : pythonFiles(path);
    return entry.name.endsWith(".py") ? [path] : [];
  });
}

const files = [...pythonFiles(join(REPO_ROOT, "test", "fixtures")), ...pythonFiles(join(REPO_ROOT, "examples"))];

test("the fixtures hold migrations to check", () => {
  assert.ok(files.filter((f) => f.includes(`${join("versions", "")}`)).length >= 10, "expected revision files under versions/ folders");
});

test("every parsed fixture survives a JSON round trip unchanged", () => {
  for (const path of files) {
    const parsed = parseMigration(path, readFileSync(path, "utf8"));
    assert.deepEqual(notJsonExact(parsed), [], path);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed, path);
  }
});
