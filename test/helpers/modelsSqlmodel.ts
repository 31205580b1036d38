// Lets the real SQLModel (the pinned venv) build the tables of a folder of model files in a
// PostgreSQL database: the reference our static model reader is checked against.
import { spawn } from "node:child_process";
import { venvBin } from "./alembic";

// Imports every module of the folder (top-level names, as the files import each other), then
// creates all tables of SQLModel.metadata. Prints the table names as JSON.
const CREATE_ALL = `
import importlib, json, sys
folder, url, *modules = sys.argv[1:]
sys.path.insert(0, folder)
for name in modules:
    importlib.import_module(name)
from sqlalchemy import create_engine
from sqlmodel import SQLModel
engine = create_engine(url)
SQLModel.metadata.create_all(engine)
engine.dispose()
print(json.dumps(sorted(SQLModel.metadata.tables)))
`;

/** Runs SQLModel.metadata.create_all for the given modules of `folder`; resolves to the table names. */
export async function createTablesWithSqlmodel(folder: string, modules: string[], sqlalchemyUrl: string): Promise<string[]> {
  const python = venvBin("python");
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", CREATE_ALL, folder, sqlalchemyUrl, ...modules], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`SQLModel could not create the tables of ${folder}:\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "[]") as string[]);
    });
  });
}
