/**
 * Writes the rule-pack JSON Schema (`rules/schema/rule-pack.schema.json`) from the valibot schema.
 * `npm run schema` after changing the schema; a unit test fails while the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulePackJsonSchema } from '../rules/index';

export const SCHEMA_FILE = fileURLToPath(new URL('../rules/schema/rule-pack.schema.json', import.meta.url));

export const schemaText = (): string => `${JSON.stringify(rulePackJsonSchema(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
