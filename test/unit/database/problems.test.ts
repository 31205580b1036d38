import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyDatabaseError } from "../../../server/src/database/problems";

const target = { user: "app", host: "db.internal", port: 5432, database: "tasks" };

// Shaped like pg's DatabaseError: the SQLSTATE in `code`, the server's text in `message`.
function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

test("28P01 wrong password names user and host, never the password", () => {
  const found = classifyDatabaseError(serverError("28P01", 'password authentication failed for user "app"'), target, "hunter2");
  assert.equal(found.code, "db-auth-failed");
  assert.equal(found.severity, "error");
  assert.equal(found.message, 'PostgreSQL at db.internal:5432 rejected the password of user "app"; check the credentials in the database URL.');
});

test("28000 unknown role or missing pg_hba entry is an authentication failure too", () => {
  const found = classifyDatabaseError(serverError("28000", 'role "app" does not exist'), target);
  assert.equal(found.code, "db-auth-failed");
  assert.equal(found.message, 'PostgreSQL at db.internal:5432 refused user "app": role "app" does not exist.');
});

test("a server that wants a password the URL lacks", () => {
  const found = classifyDatabaseError(new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string"), target);
  assert.equal(found.code, "db-auth-failed");
  assert.match(found.message, /asks for a password for user "app"/);
});

test("3D000 missing database, 57014 statement timeout, connect timeout", () => {
  assert.equal(classifyDatabaseError(serverError("3D000", 'database "tasks" does not exist'), target).code, "db-missing-database");
  const slow = classifyDatabaseError(serverError("57014", "canceling statement due to statement timeout"), target);
  assert.deepEqual([slow.code, slow.severity], ["db-timeout", "warning"]);
  const connect = classifyDatabaseError(new Error("Connection terminated due to connection timeout"), target);
  assert.equal(connect.message, "PostgreSQL at db.internal:5432 did not answer within 5 s; the database checks were skipped.");
});

test("refused on every address (AggregateError) and unknown host are 'unreachable' warnings", () => {
  const refused = Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], ""), { code: "ECONNREFUSED" });
  const found = classifyDatabaseError(refused, target);
  assert.deepEqual([found.code, found.severity], ["db-unreachable", "warning"]);
  assert.equal(found.message, "No PostgreSQL server answers at db.internal:5432 (connection refused); the database checks were skipped.");
  const nested = new AggregateError([Object.assign(new Error("y"), { code: "ENOTFOUND" })], "");
  assert.match(classifyDatabaseError(nested, target).message, /unknown host/);
});

test("anything else is one sentence with the secret scrubbed", () => {
  const found = classifyDatabaseError(serverError("XX000", "weird failure mentioning hunter2 and postgresql://app:hunter2@db/x"), target, "hunter2");
  assert.equal(found.code, "db-query-failed");
  assert.doesNotMatch(found.message, /hunter2/);
});
