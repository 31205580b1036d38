// The task type our Alembic runs carry (contributed in package.json `taskDefinitions`).
export const TASK_TYPE_NAME = "alembic";
