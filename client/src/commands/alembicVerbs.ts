// The Alembic sub-commands the extension runs, as one table: each verb becomes an argument
// vector for `alembic`. Targets and messages stay single arguments whatever they contain.

export type AlembicAction =
  | { verb: "upgrade"; target: string }
  | { verb: "downgrade"; target: string }
  | { verb: "current" }
  | { verb: "history" }
  | { verb: "stamp"; target: string }
  | { verb: "autogenerate"; message: string };

export type AlembicVerb = AlembicAction["verb"];

/** Whether running the action writes to the database (upgrade, downgrade and stamp do). */
export function changesDatabase(action: AlembicAction): boolean {
  return action.verb === "upgrade" || action.verb === "downgrade" || action.verb === "stamp";
}

/**
 * Arguments after `alembic` (and after `-c <ini>` when the ini file has another name).
 * A target that starts with "-" (e.g. `-1`) is safe here: Alembic's argparse takes a
 * positional that is a negative number as a value, and revision ids never start with "-".
 */
export function alembicArgs(action: AlembicAction): string[] {
  switch (action.verb) {
    case "upgrade":
      return ["upgrade", action.target];
    case "downgrade":
      return ["downgrade", action.target];
    case "current":
      return ["current", "--verbose"];
    case "history":
      // No --indicate-current: it needs a database, and history should work offline.
      return ["history", "--verbose"];
    case "stamp":
      return ["stamp", action.target];
    case "autogenerate":
      return ["revision", "--autogenerate", "-m", action.message];
  }
}

/** A short human title for the action, used in task names and confirmations. */
export function describeAction(action: AlembicAction): string {
  switch (action.verb) {
    case "upgrade":
      return `upgrade to ${action.target}`;
    case "downgrade":
      return `downgrade to ${action.target}`;
    case "current":
      return "show the current revision";
    case "history":
      return "show the history";
    case "stamp":
      return `stamp ${action.target}`;
    case "autogenerate":
      return `generate a migration (autogenerate): ${action.message}`;
  }
}
