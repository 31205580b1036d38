// Reads INI text the way Python's configparser (which Alembic uses) reads it, on top of the `ini`
// library. `ini` differs from configparser in a few places that matter for alembic.ini, so the
// text is normalised first (Python docs, "configparser — Supported INI File Structure"):
// - continuation lines (indented lines after an option) belong to the option's value;
// - `key: value` is an option like `key = value`;
// - `;` and `#` start a comment only at the beginning of a line, never inside a value;
// - option names are case-insensitive (lower-cased);
// - section names may contain dots (`ini` would nest `[a.b]`).
// Values are then read with BasicInterpolation: `%%` -> `%`, `%(name)s` -> another option of the
// same section or of [DEFAULT], or a default such as Alembic's `here`.
import * as ini from "ini";

export type IniSections = Record<string, Record<string, string>>;

// Stands in for the newline between continuation lines while `ini` parses line by line.
const CONTINUATION = "\u001f";

export function parseIni(text: string): IniSections {
  const parsed = ini.parse(normalise(text)) as Record<string, unknown>;
  const out: IniSections = {};
  for (const [section, options] of Object.entries(parsed)) {
    if (!options || typeof options !== "object" || Array.isArray(options)) continue;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
      if (typeof value === "object") continue;
      // `ini` reads `true`/`false` as booleans; configparser keeps text.
      values[key.toLowerCase()] = String(value).split(CONTINUATION).join("\n");
    }
    out[section] = values;
  }
  return out;
}

function normalise(text: string): string {
  const out: string[] = [];
  let lastOption = -1;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/\s+$/, "");
    if (/^\s*[;#]/.test(line)) continue;
    if (line === "") {
      lastOption = -1;
      continue;
    }
    if (/^\s/.test(line) && lastOption >= 0) {
      out[lastOption] += CONTINUATION + escapeValue(line.trim());
      continue;
    }
    const section = /^\s*\[(.*)\]\s*$/.exec(line);
    if (section) {
      out.push(`[${section[1].trim().replace(/\./g, "\\.")}]`);
      lastOption = -1;
      continue;
    }
    const delimiter = line.search(/[=:]/);
    if (delimiter < 0) {
      out.push(escapeKey(line.trim()));
      lastOption = out.length - 1;
      continue;
    }
    const key = line.slice(0, delimiter).trim().toLowerCase();
    const value = line.slice(delimiter + 1).trim();
    out.push(`${escapeKey(key)} = ${escapeValue(value)}`);
    lastOption = out.length - 1;
  }
  return out.join("\n");
}

// `ini` cuts values at an unescaped `;`/`#` and treats `\` as an escape; configparser does neither.
function escapeValue(value: string): string {
  return value.replace(/[\\;#]/g, (c) => `\\${c}`);
}

function escapeKey(key: string): string {
  return key.replace(/[\\;#]/g, (c) => `\\${c}`);
}

export class InterpolationError extends Error {}

const MAX_DEPTH = 10; // configparser's MAX_INTERPOLATION_DEPTH

/**
 * Value of `option` in `section` after BasicInterpolation, or undefined when absent.
 * `defaults` play the role of configparser's defaults (Alembic passes `here`).
 * Throws InterpolationError for a reference to a missing option or a stray `%`.
 */
export function getOption(
  sections: IniSections,
  section: string,
  option: string,
  defaults: Record<string, string> = {},
): string | undefined {
  const lookup = (name: string): string | undefined =>
    sections[section]?.[name] ?? sections.DEFAULT?.[name] ?? defaults[name];
  const raw = lookup(option.toLowerCase());
  return raw === undefined ? undefined : interpolate(raw, lookup, 1);
}

function interpolate(value: string, lookup: (name: string) => string | undefined, depth: number): string {
  if (depth > MAX_DEPTH) throw new InterpolationError("interpolation nested too deeply");
  let out = "";
  let i = 0;
  while (i < value.length) {
    const p = value.indexOf("%", i);
    if (p < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, p);
    if (value[p + 1] === "%") {
      out += "%";
      i = p + 2;
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(value.slice(p));
    if (!ref) throw new InterpolationError(`'%' must be followed by '%' or '(' in ${JSON.stringify(value.slice(p, p + 12))}`);
    const name = ref[1].toLowerCase();
    const inner = lookup(name);
    if (inner === undefined) throw new InterpolationError(`the value refers to %(${ref[1]})s, which is not set`);
    out += interpolate(inner, lookup, depth + 1);
    i = p + ref[0].length;
  }
  return out;
}
