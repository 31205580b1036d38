// `dmw check`: placeholder until its issue lands; replaced by the real command.
export async function checkCommand(_argv: string[]): Promise<number> {
  process.stderr.write("dmw check: not available yet\n");
  return 2;
}
