// File paths <-> LSP URIs. Analysis works on absolute paths; the protocol on `file:` URIs.
import { fileURLToPath, pathToFileURL } from "node:url";

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Absolute path of a `file:` URI; undefined for other schemes (untitled buffers, git views). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
