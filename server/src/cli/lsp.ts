// `dmw lsp`: placeholder until its issue lands; replaced by the real command.
export async function lspCommand(_argv: string[]): Promise<number> {
  process.stderr.write("dmw lsp: not available yet\n");
  return 2;
}
