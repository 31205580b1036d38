// Passwords never reach a log line or a message: any `scheme://user:password@host` in free text
// has its password replaced. Applied to everything the server logs or shows.

const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]*)@/gi;
const PASSWORD_PARAM = /([?&;\s](?:password|pass|pwd)=)([^&;\s]*)/gi;

export function maskSecrets(text: string): string {
  return text.replace(URL_WITH_PASSWORD, "$1***@").replace(PASSWORD_PARAM, "$1***");
}
