// Writes the printed SDL to schema.graphql (npm run schema:print).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaFile } from '../schema/print.js';

const target = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
writeFileSync(target, printSchemaFile());
console.log(`wrote ${target}`);
