import { strict as assert } from "node:assert";
import { test } from "node:test";
import { join } from "node:path";
import { readAlembicIni, readPyprojectAlembic, splitVersionLocations } from "../../../server/src/project/alembicConfig";
import { getOption, parseIni } from "../../../server/src/project/configParser";

const INI = join("/proj", "backend", "alembic.ini");

test("configparser rules: ':' delimiter, no inline comments, continuation lines, case-insensitive keys", () => {
  const sections = parseIni(
    [
      "# comment",
      "[alembic]",
      "Script_Location: %(here)s/alembic",
      "sqlalchemy.url = postgresql://u:p;w#d@h/db ; not a comment",
      "version_locations =",
      "    one",
      "    two",
      "flag = true",
      "[formatter_generic]",
      "format = %(levelname)-5.5s [%(name)s] %(message)s",
      "[loggers.extra]",
      "keys = a",
    ].join("\n"),
  );
  assert.equal(sections.alembic.script_location, "%(here)s/alembic");
  assert.equal(sections.alembic["sqlalchemy.url"], "postgresql://u:p;w#d@h/db ; not a comment");
  assert.equal(sections.alembic.version_locations, "\none\ntwo");
  assert.equal(sections.alembic.flag, "true");
  assert.equal(sections.formatter_generic.format, "%(levelname)-5.5s [%(name)s] %(message)s");
  assert.equal(sections["loggers.extra"].keys, "a");
});

test("BasicInterpolation: %(here)s, [DEFAULT] references, %% escapes, missing references throw", () => {
  const sections = parseIni("[DEFAULT]\nbase = %(here)s/db\n[alembic]\nloc = %(base)s/migrations\ntpl = %%(rev)s\nbad = %(nope)s\n");
  assert.equal(getOption(sections, "alembic", "loc", { here: "/p" }), "/p/db/migrations");
  assert.equal(getOption(sections, "alembic", "tpl"), "%(rev)s");
  assert.equal(getOption(sections, "alembic", "absent"), undefined);
  assert.throws(() => getOption(sections, "alembic", "bad"), /%\(nope\)s, which is not set/);
});

test("readAlembicIni resolves script_location, file_template and the URL", () => {
  const s = readAlembicIni(
    "[alembic]\nscript_location = %(here)s/alembic\nfile_template = %%(year)d-%%(rev)s_%%(slug)s\nsqlalchemy.url = postgresql://a:b@h/d\n",
    INI,
  );
  assert.equal(s.scriptLocation, join("/proj", "backend", "alembic"));
  assert.equal(s.fileTemplate, "%(year)d-%(rev)s_%(slug)s");
  assert.equal(s.sqlalchemyUrl, "postgresql://a:b@h/d");
  assert.equal(s.versionLocations, undefined);
  assert.deepEqual(s.findings, []);
});

test("relative and package-resource script_location are taken from the ini's folder", () => {
  assert.equal(readAlembicIni("[alembic]\nscript_location = migrations\n", INI).scriptLocation, join("/proj", "backend", "migrations"));
  assert.equal(readAlembicIni("[alembic]\nscript_location = myapp.db:migrations\n", INI).scriptLocation, join("/proj", "backend", "myapp", "db", "migrations"));
  assert.equal(readAlembicIni("[alembic]\nscript_location = /abs/mig\n", INI).scriptLocation, "/abs/mig");
});

test("version_locations split per path_separator, legacy commas/spaces without one", () => {
  assert.deepEqual(splitVersionLocations("a, b c,d", undefined), ["a", "b", "c", "d"]);
  assert.deepEqual(splitVersionLocations("a b:c", ":"), ["a b", "c"]);
  assert.deepEqual(splitVersionLocations("\na\nb", "\n"), ["a", "b"]);
  const withOs = readAlembicIni("[alembic]\npath_separator = os\nversion_locations = %(here)s/v1:%(here)s/v2\n", INI);
  assert.deepEqual(withOs.versionLocations, [join("/proj", "backend", "v1"), join("/proj", "backend", "v2")]);
  const withSpace = readAlembicIni("[alembic]\npath_separator = space\nversion_locations = v1 v2\n", INI);
  assert.deepEqual(withSpace.versionLocations, [join("/proj", "backend", "v1"), join("/proj", "backend", "v2")]);
});

test("a broken ini yields findings with the line, not an exception", () => {
  const text = "[alembic]\nscript_location = %(base_dir)s/alembic\npath_separator = pipe\n";
  const s = readAlembicIni(text, INI);
  assert.equal(s.scriptLocation, undefined);
  assert.deepEqual(
    s.findings.map((f) => [f.code, f.severity, f.range?.start.line]),
    [
      ["config-bad-interpolation", "error", 1],
      ["config-bad-path-separator", "warning", 2],
    ],
  );
  assert.match(s.findings[0].message, /script_location.*%\(base_dir\)s/);
});

test("pyproject.toml [tool.alembic] lists and %(here)s", () => {
  const s = readPyprojectAlembic(
    '[tool.alembic]\nscript_location = "%(here)s/migrations"\nversion_locations = ["%(here)s/a", "b"]\nprepend_sys_path = ["."]\n',
    join("/proj", "pyproject.toml"),
  );
  assert.equal(s?.scriptLocation, join("/proj", "migrations"));
  assert.deepEqual(s?.versionLocations, [join("/proj", "a"), join("/proj", "b")]);
  assert.deepEqual(s?.prependSysPath, ["/proj"]);
  assert.equal(readPyprojectAlembic('[project]\nname = "x"\n', "/proj/pyproject.toml"), undefined);
  assert.equal(readPyprojectAlembic("not toml [", "/proj/pyproject.toml"), undefined);
});
