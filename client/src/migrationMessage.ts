// Validation of the message asked for by "Alembic: Generate migration". Pure, so unit-tested.
// Alembic slugs the message into the file name; an empty one makes a nameless file.

export const MAX_MESSAGE_LENGTH = 200;

/** An error to show under the input box, or undefined when the message is fine. */
export function validateMigrationMessage(value: string): string | undefined {
  if (!value.trim()) return 'Describe the change, e.g. "add due_date to tasks".';
  if (value.length > MAX_MESSAGE_LENGTH) return `Keep the message under ${MAX_MESSAGE_LENGTH} characters.`;
  if (/[\r\n]/.test(value)) return "Use one line: the message becomes the file name and the docstring's first line.";
  return undefined;
}
