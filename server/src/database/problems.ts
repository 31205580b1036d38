// Classifies what `pg` throws into one clear sentence. The user, host, port and database may be
// named; the password never is (messages pass through maskSecrets as a last guard).
import { DEFAULT_TIMEOUTS, maskSecrets, type ConnectionTarget, type Timeouts } from "./connection";
import { DATABASE_CODES } from "./codes";
import type { DatabaseProblem } from "./types";

// SQLSTATE values: PostgreSQL documentation, Appendix A "PostgreSQL Error Codes".
const INVALID_PASSWORD = "28P01";
const INVALID_AUTHORIZATION = "28000";
const INVALID_CATALOG_NAME = "3D000";
const QUERY_CANCELED = "57014";
const CANNOT_CONNECT_NOW = "57P03";
const TOO_MANY_CONNECTIONS = "53300";

// Node's socket errors that mean "nobody is listening there".
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE"]);

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
};

interface ErrorLike {
  code?: string;
  message?: string;
  errors?: unknown[];
}

function errorCodes(error: unknown): string[] {
  const e = (error ?? {}) as ErrorLike;
  const own = typeof e.code === "string" ? [e.code] : [];
  // Node raises an AggregateError when every address of a host (::1 and 127.0.0.1) refuses.
  const nested = Array.isArray(e.errors) ? e.errors.flatMap(errorCodes) : [];
  return [...own, ...nested];
}

function where(target: ConnectionTarget): string {
  return target.host.startsWith("/") ? `socket ${target.host}` : `${target.host}:${target.port}`;
}

function problem(code: DatabaseProblem["code"], severity: DatabaseProblem["severity"], message: string, secret?: string): DatabaseProblem {
  return { code, severity, message: maskSecrets(message, secret) };
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);

export function classifyDatabaseError(error: unknown, target: ConnectionTarget, secret?: string, timeouts: Timeouts = DEFAULT_TIMEOUTS): DatabaseProblem {
  const codes = errorCodes(error);
  const text = String((error as ErrorLike | undefined)?.message ?? error ?? "").split("\n")[0];
  const at = where(target);
  const user = `"${target.user}"`;

  if (codes.includes(INVALID_PASSWORD)) {
    return problem(DATABASE_CODES.authFailed, "error", `PostgreSQL at ${at} rejected the password of user ${user}; check the credentials in the database URL.`, secret);
  }
  if (codes.includes(INVALID_AUTHORIZATION)) {
    return problem(DATABASE_CODES.authFailed, "error", `PostgreSQL at ${at} refused user ${user}: ${text.replace(/\.$/, "")}.`, secret);
  }
  // pg's SCRAM/MD5 client raises this when the server wants a password and the URL has none.
  if (/password must be a string|no password/i.test(text)) {
    return problem(DATABASE_CODES.authFailed, "error", `PostgreSQL at ${at} asks for a password for user ${user} and the database URL has none.`, secret);
  }
  if (codes.includes(INVALID_CATALOG_NAME)) {
    return problem(DATABASE_CODES.missingDatabase, "error", `Database "${target.database}" does not exist on the PostgreSQL server at ${at}.`, secret);
  }
  if (codes.includes(QUERY_CANCELED) || /query read timeout/i.test(text)) {
    return problem(DATABASE_CODES.timeout, "warning", `Reading the catalog of "${target.database}" at ${at} took longer than ${duration(timeouts.statementMs)}; the database checks were skipped.`, secret);
  }
  if (codes.includes("ETIMEDOUT") || /timeout/i.test(text)) {
    return problem(DATABASE_CODES.timeout, "warning", `PostgreSQL at ${at} did not answer within ${duration(timeouts.connectMs)}; the database checks were skipped.`, secret);
  }
  const network = codes.find((c) => NETWORK_CODES.has(c));
  if (network) {
    return problem(DATABASE_CODES.unreachable, "warning", `No PostgreSQL server answers at ${at} (${NETWORK_WORDS[network]}); the database checks were skipped.`, secret);
  }
  if (codes.includes(CANNOT_CONNECT_NOW) || codes.includes(TOO_MANY_CONNECTIONS)) {
    return problem(DATABASE_CODES.unreachable, "warning", `PostgreSQL at ${at} does not accept connections now (${text}); the database checks were skipped.`, secret);
  }
  if (/does not support SSL|SSL|certificate/i.test(text)) {
    return problem(DATABASE_CODES.unreachable, "warning", `Could not open a TLS connection to PostgreSQL at ${at} (${text}); check sslmode in the database URL.`, secret);
  }
  return problem(DATABASE_CODES.queryFailed, "error", `Reading database "${target.database}" at ${at} failed: ${text}.`, secret);
}
