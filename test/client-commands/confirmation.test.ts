import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AlembicAction } from "../../client/src/commands/alembicVerbs";
import { confirmationFor, databaseLocation, type RunPlace } from "../../client/src/commands/confirmation";
import { rollbackPlan } from "../../client/src/commands/rollback";

const upgradeHead: AlembicAction[] = [{ verb: "upgrade", target: "head" }];
const kube: RunPlace = {
  kind: "kubectl",
  target: { context: "gke-prod", namespace: "shop", kind: "deployment", name: "backend", container: "api" },
};

describe("confirmation rules", () => {
  it("asks before every downgrade, even locally, naming the target", () => {
    const c = confirmationFor([{ verb: "downgrade", target: "-1" }], { kind: "local", databaseUrl: "postgresql://u:pw@localhost/app" });
    assert.deepEqual(c, { message: "Downgrade to -1 on the database localhost/app?", confirmLabel: "Downgrade" });
    assert.ok(confirmationFor([{ verb: "downgrade", target: "base" }], { kind: "local" }));
  });

  it("does not ask for local writes to a local database or for read-only commands", () => {
    for (const url of [undefined, "postgresql+psycopg://u:pw@127.0.0.1:5432/app", "postgresql:///app?host=/var/run/postgresql"]) {
      assert.equal(confirmationFor(upgradeHead, { kind: "local", databaseUrl: url }), undefined, String(url));
    }
    for (const action of [{ verb: "current" }, { verb: "history" }, { verb: "autogenerate", message: "m" }] as AlembicAction[]) {
      assert.equal(confirmationFor([action], kube), undefined, action.verb);
    }
  });

  it("asks for a local run against a database on another host, without the password", () => {
    const c = confirmationFor([{ verb: "stamp", target: "head" }], {
      kind: "local",
      databaseUrl: "postgresql+psycopg://app:s3cret@db.prod.example:5432/shop",
    });
    assert.deepEqual(c, { message: "Stamp head on the database db.prod.example:5432/shop?", confirmLabel: "Run" });
    assert.ok(!c.message.includes("s3cret"));
  });

  it("asks for any write through kubectl, naming context, namespace and workload", () => {
    assert.deepEqual(confirmationFor(upgradeHead, kube), {
      message: "Upgrade to head on deployment/backend (container api) in namespace shop, context gke-prod?",
      confirmLabel: "Run",
    });
  });

  it("asks once for the whole rollback test", () => {
    assert.equal(
      confirmationFor(rollbackPlan(), kube)?.message,
      "Downgrade to -1, then upgrade to +1 on deployment/backend (container api) in namespace shop, context gke-prod?",
    );
  });

  it("treats an unreadable URL as remote", () => {
    assert.deepEqual(databaseLocation("not a url"), { isLocal: false });
    assert.ok(confirmationFor(upgradeHead, { kind: "local", databaseUrl: "not a url" }));
    assert.deepEqual(databaseLocation("postgresql://u@[::1]:5433/x"), { label: "::1:5433/x", isLocal: true });
  });
});
