// File name of a new revision from alembic.ini's `file_template`, as Alembic computes it
// (alembic/script/base.py ScriptDirectory._rev_path, 1.20): the template is Python %-formatting
// over rev, slug, epoch, year, month, day, hour, minute, second; the slug is the message's word
// runs (regex \w+) joined by "_", lower-cased, and cut to truncate_slug_length (default 40) at a
// word boundary with a trailing "_".
import type { MigrationMeta } from "./types";

export const DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s";
export const DEFAULT_TRUNCATE_SLUG_LENGTH = 40;

export function slugOf(message: string, truncate = DEFAULT_TRUNCATE_SLUG_LENGTH): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join("_").toLowerCase();
  if (slug.length > truncate) {
    const cut = slug.slice(0, truncate);
    const boundary = cut.lastIndexOf("_");
    slug = (boundary >= 0 ? cut.slice(0, boundary) : cut) + "_";
  }
  return slug;
}

/** Python `%` formatting of one `%(key)<flags><width>.<precision><conv>` field. */
function formatField(value: string | number, flags: string, width: string, precision: string | undefined, conv: string): string {
  let text: string;
  if (conv === "s") text = String(value);
  else {
    const n = Math.trunc(Number(value));
    text = String(Math.abs(n));
    if (precision !== undefined) text = text.padStart(Number(precision), "0");
    if (n < 0) text = `-${text}`;
  }
  const w = Number(width || 0);
  if (text.length < w) text = flags.includes("-") ? text.padEnd(w) : text.padStart(w, flags.includes("0") && conv !== "s" ? "0" : " ");
  return text;
}

/**
 * `fileTemplate` as written in alembic.ini (`%%(rev)s_%%(slug)s`) or already unescaped
 * (`%(rev)s_%(slug)s`). Dates are taken in UTC. Returns the name with `.py`.
 */
export function migrationFileName(fileTemplate: string | undefined, meta: MigrationMeta, truncateSlugLength = DEFAULT_TRUNCATE_SLUG_LENGTH): string {
  const template = (fileTemplate?.trim() || DEFAULT_FILE_TEMPLATE).replace(/%%/g, "%");
  const d = meta.createDate;
  const values: Record<string, string | number> = {
    rev: meta.revision,
    slug: slugOf(meta.message, truncateSlugLength),
    epoch: Math.floor(d.getTime() / 1000),
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  const name = template.replace(/%\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sdi])/g, (whole, key: string, flags: string, width: string, precision: string | undefined, conv: string) =>
    key in values ? formatField(values[key], flags, width, precision, conv) : whole,
  );
  return `${name}.py`;
}

/** 12 random hex digits, like Alembic's `uuid.uuid4().hex[-12:]`. */
export function newRevisionId(random: (bytes: number) => Buffer): string {
  return random(6).toString("hex");
}
