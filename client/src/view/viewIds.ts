// Ids of the migration view, shared by its registration, package.json (checked by a test) and menus.
export const MIGRATION_VIEW_ID = "dbMigrationWizard.migrations";
