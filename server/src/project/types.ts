import type { Finding } from "../findings/types";

/** Where a project's Alembic setup and models live. All paths are absolute. */
export interface ProjectLayout {
  /** The folder discovery started from. */
  root: string;
  alembicIni?: string;
  /** Folder of alembic.ini (`%(here)s`), or the root when there is none. */
  alembicDir: string;
  /** The migration environment folder (holds env.py), from `script_location`. */
  scriptLocation?: string;
  /** `version_locations`, else `<script_location>/versions`. */
  versionsDirs: string[];
  /** Search version folders recursively (`recursive_version_locations`). */
  recursiveVersionLocations: boolean;
  /** `file_template` after configparser interpolation, e.g. `%(rev)s_%(slug)s` (Alembic's default). */
  fileTemplate: string;
  /** `truncate_slug_length` (Alembic's default is 40). */
  truncateSlugLength?: number;
  /** `sqlalchemy.url` as configured. Contains credentials: never log or show it unmasked. */
  sqlalchemyUrl?: string;
  envPy?: string;
  /**
   * Python files to read models from, sorted; env.py is added at the end when it sets a naming
   * convention on the metadata, since that convention names the models' constraints.
   */
  modelFiles: string[];
  /** SQLModel version from an installed venv, a lock file or an exact pin, when one is found. */
  sqlmodelVersion?: string;
  /** How modelFiles were found. */
  modelsFrom: "default" | "glob" | "env.py" | "none";
  /** Folders Python imports resolve from (prepend_sys_path, the ini folder, the root, src/). */
  sourceRoots: string[];
  findings: Finding[];
}

export interface DiscoverOverrides {
  /** alembic.ini to use, absolute or relative to the root. */
  alembicIni?: string;
  /** Glob of model files, absolute or relative to the root (`backend/app/**\/models.py`). */
  modelsGlob?: string;
  /** Migration folder, absolute or relative to the root; replaces the configured ones. */
  versionsDir?: string;
}
