// `dmw generate`: placeholder until its issue lands; replaced by the real command.
export async function generateCommand(_argv: string[]): Promise<number> {
  process.stderr.write("dmw generate: not available yet\n");
  return 2;
}
