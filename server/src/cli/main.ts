// `dmw` command line: one file per subcommand, dispatched from this table.
// Exit codes (public contract): 0 clean, 1 findings at error level, 2 usage or unreadable input.
import { checkCommand } from "./check";
import { generateCommand } from "./generate";
import { lintCommand } from "./lint";
import { lspCommand } from "./lsp";

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: checkCommand, summary: "report drift between models, migration history and database" },
  lint: { run: lintCommand, summary: "lint migration files for unsafe operations" },
  generate: { run: generateCommand, summary: "write a safe migration for the model changes" },
  lsp: { run: lspCommand, summary: "start the language server (--stdio)" },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return `usage: dmw <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'dmw <command> --help' for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`dmw: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Last resort: a clear one-line message, never a stack trace (DMW_DEBUG=1 shows it).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`dmw: internal error: ${message}\n`);
    if (process.env.DMW_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    process.exitCode = 2;
  },
);
