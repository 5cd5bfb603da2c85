import type { SchemaVersion } from './types';
import { v1 } from './v1';
import { v2 } from './v2';
import { v4 } from './v4';
import { v5 } from './v5';
import { v7 } from './v7';
import { v7_5 } from './v7_5';
import { v8 } from './v8';
import { v9 } from './v9';

/**
 * Every schema version, oldest first. A new version is a new file here, with an upgrade test.
 * Numbers are reserved per area of work (see DEVELOPERS.md), so they may skip.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [v1, v2, v4, v5, v7, v7_5, v8, v9];

export type { SchemaVersion };
