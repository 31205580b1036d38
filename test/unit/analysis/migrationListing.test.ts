import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { listMigrationFiles, MigrationListing } from "../../../server/src/analysis/migrationFiles";

function versionsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "dmw-listing-"));
  writeFileSync(join(dir, "a_first.py"), "");
  writeFileSync(join(dir, "b_second.py"), "");
  writeFileSync(join(dir, "__init__.py"), "");
  writeFileSync(join(dir, "notes.txt"), "");
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "sub", "c_nested.py"), "");
  return dir;
}

/** Sets a folder's modification time to `secondsAgo` in the past. */
function age(dir: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(dir, t, t);
}

test("the cached listing lists what listMigrationFiles lists, flat and recursive", () => {
  const dir = versionsFolder();
  try {
    const listing = new MigrationListing();
    for (const recursive of [false, true]) {
      const layout = { versionsDirs: [dir], recursiveVersionLocations: recursive };
      assert.deepEqual(listing.list(layout), listMigrationFiles(layout));
    }
    assert.deepEqual(listing.list({ versionsDirs: [dir], recursiveVersionLocations: true }), [join(dir, "a_first.py"), join(dir, "b_second.py"), join(dir, "sub", "c_nested.py")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder whose time did not move is not listed again; adding, removing or renaming a file is seen", () => {
  const dir = versionsFolder();
  try {
    const layout = { versionsDirs: [dir], recursiveVersionLocations: false };
    const listing = new MigrationListing();
    const t = new Date(Date.now() - 60_000);
    utimesSync(dir, t, t);
    assert.deepEqual(listing.list(layout), [join(dir, "a_first.py"), join(dir, "b_second.py")]);
    // Put the time back where it was after a change: the cached listing is served (proof that no
    // listing was read), then a real change moves the time and the new file is there.
    writeFileSync(join(dir, "c_third.py"), "");
    utimesSync(dir, t, t);
    assert.deepEqual(listing.list(layout), [join(dir, "a_first.py"), join(dir, "b_second.py")], "served from the cache");
    age(dir, 30);
    assert.deepEqual(listing.list(layout), [join(dir, "a_first.py"), join(dir, "b_second.py"), join(dir, "c_third.py")]);
    renameSync(join(dir, "a_first.py"), join(dir, "a_renamed.py"));
    rmSync(join(dir, "b_second.py"));
    assert.deepEqual(listing.list(layout), [join(dir, "a_renamed.py"), join(dir, "c_third.py")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a listing read in the same time tick as the folder's last change is not trusted", () => {
  const dir = versionsFolder();
  try {
    const layout = { versionsDirs: [dir], recursiveVersionLocations: false };
    const listing = new MigrationListing();
    // The folder changed just now: a file added in the same tick would not move its time again.
    const now = new Date();
    utimesSync(dir, now, now);
    assert.equal(listing.list(layout).length, 2);
    writeFileSync(join(dir, "c_same_tick.py"), "");
    utimesSync(dir, now, now);
    assert.equal(listing.list(layout).length, 3, "listed again: the earlier listing was too close to the change");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder that disappears lists nothing, and comes back when it is there again", () => {
  const dir = versionsFolder();
  const layout = { versionsDirs: [dir], recursiveVersionLocations: false };
  const listing = new MigrationListing();
  assert.equal(listing.list(layout).length, 2);
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(listing.list(layout), []);
  mkdirSync(dir);
  try {
    writeFileSync(join(dir, "z.py"), "");
    assert.deepEqual(listing.list(layout), [join(dir, "z.py")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
