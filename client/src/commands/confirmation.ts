// When a run needs the user's explicit yes: every downgrade anywhere, and anything that writes to
// a database outside this machine (any write through kubectl; a local run whose configured URL
// points at another host). The message names where the change lands: context, namespace and
// workload for kubectl, host and database (never the password) for local runs.
import { parse as parseConnectionString } from "pg-connection-string";
import { changesDatabase, describeAction, type AlembicAction } from "./alembicVerbs";
import { describeTarget, type KubeTarget } from "./commandLine";

export type RunPlace = { kind: "local"; databaseUrl?: string } | { kind: "kubectl"; target: KubeTarget };

export interface Confirmation {
  /** The question for a modal dialog. */
  message: string;
  /** The label of the button that goes ahead. */
  confirmLabel: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

export interface DatabaseLocation {
  /** `host:port/database`, or undefined when the URL cannot be read. */
  label?: string;
  isLocal: boolean;
}

/** Where a database URL points, without user or password. Unreadable URLs count as remote. */
export function databaseLocation(url: string): DatabaseLocation {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return { isLocal: false };
  try {
    const parsed = parseConnectionString(url.replace(/^[a-z0-9.-]+\+[a-z0-9_]+:/i, "postgresql:"));
    const host = parsed.host ?? "";
    // A socket directory (host starting with "/") is on this machine too.
    const isLocal = LOCAL_HOSTS.has(host.toLowerCase()) || host.startsWith("/");
    const port = parsed.port ? `:${parsed.port}` : "";
    return { label: `${host || "localhost"}${port}/${parsed.database ?? ""}`, isLocal };
  } catch {
    return { isLocal: false };
  }
}

function placeText(place: RunPlace): string {
  if (place.kind === "kubectl") return describeTarget(place.target);
  if (!place.databaseUrl) return "the local database configured in env.py";
  const where = databaseLocation(place.databaseUrl);
  return where.label ? `the database ${where.label}` : "the configured database (its URL could not be read)";
}

function needsConfirmation(action: AlembicAction, place: RunPlace): boolean {
  if (action.verb === "downgrade") return true;
  if (!changesDatabase(action)) return false;
  if (place.kind === "kubectl") return true;
  return place.databaseUrl !== undefined && !databaseLocation(place.databaseUrl).isLocal;
}

/** The confirmation a plan of one or more actions needs, or undefined when none is needed. */
export function confirmationFor(plan: AlembicAction[], place: RunPlace): Confirmation | undefined {
  if (!plan.some((action) => needsConfirmation(action, place))) return undefined;
  const steps = plan.map(describeAction).join(", then ");
  const verb = plan.some((a) => a.verb === "downgrade") ? "Downgrade" : "Run";
  return {
    message: `${capitalise(steps)} on ${placeText(place)}?`,
    confirmLabel: verb === "Downgrade" ? "Downgrade" : "Run",
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
