// `dmw lint`: placeholder until its issue lands; replaced by the real command.
export async function lintCommand(_argv: string[]): Promise<number> {
  process.stderr.write("dmw lint: not available yet\n");
  return 2;
}
