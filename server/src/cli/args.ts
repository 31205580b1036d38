// What every `dmw` subcommand shares: strict option parsing that turns node's errors into one-line
// usage errors, and reading files and folders without throwing.
import { readFileSync, statSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake on the command line: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** `parseArgs` with no positionals and unknown flags refused; errors become a one-line UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: false, strict: true, options }).values;
  } catch (error) {
    // node's messages name the flag, never a value, so they cannot leak a password.
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0] : String(error));
  }
}

export function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

export function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
