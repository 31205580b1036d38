// `dmw` command line: one file per subcommand, dispatched from this table.
// Exit codes (public contract): 0 clean, 1 findings at error level, 2 usage or unreadable input.

type Command = (argv: string[]) => Promise<number>;

// Each subcommand is loaded when it runs: `dmw check`, `lint` and `generate` do not pay for
// loading the language server (the bundle evaluates a module imported this way only on first use).
const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: async (argv) => (await import("./check.js")).checkCommand(argv), summary: "report drift between models, migration history and database" },
  lint: { run: async (argv) => (await import("./lint.js")).lintCommand(argv), summary: "lint migration files for unsafe operations" },
  generate: { run: async (argv) => (await import("./generate.js")).generateCommand(argv), summary: "write a safe migration for the model changes" },
  lsp: { run: async (argv) => (await import("./lsp.js")).lspCommand(argv), summary: "start the language server (--stdio)" },
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

/**
 * Leaves once stdout and stderr have taken everything written. Whatever a run keeps (parse cache,
 * check result) is written synchronously before it returns, and what is left are the parser's
 * native objects, which Node would otherwise release one finalizer at a time on the way out
 * (some 50 ms after parsing a history of 1,000 migrations). Exiting right away on a pipe would cut
 * the output short: each stream's callback runs only once what was written before it is out.
 */
function finish(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

main(process.argv.slice(2)).then(
  (code) => finish(code),
  (error: unknown) => {
    // Last resort: a clear one-line message, never a stack trace (DMW_DEBUG=1 shows it).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`dmw: internal error: ${message}\n`);
    if (process.env.DMW_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    process.exitCode = 2;
  },
);
