// `dmw` command line entry point.
process.stdout.write("usage: dmw <check|lint|generate|lsp> [options]\n");
process.exitCode = 2;
