// importDocument: a whole document (or a bundle of them) in the seeds/ format, as one Change.
import { importDocument, type ImportedDocument } from '../domain/import-document.js';
import { builder } from './builder.js';
import { Claim } from './claim.js';
import { Source } from './source.js';
import { Statement } from './statement.js';
import { payloadFields, performWrite, type Payload } from './write.js';

const DocumentFormatEnum = builder.enumType('DocumentFormat', {
  description: 'How importDocument content is written.',
  values: ['YAML', 'JSON'] as const,
});

const ImportDocumentInput = builder.inputType('ImportDocumentInput', {
  description:
    'A whole document in the seeds/ document format: source (with its full text in `text`), statements, claims, relations; or a bundle `{actors, topics, events, documents: [...]}` of records that depend on one another. Validated by the same checks as the seed loader, applied in one transaction, recorded as one Change.',
  fields: (t) => ({
    format: t.field({ type: DocumentFormatEnum, required: true, description: 'YAML or JSON.' }),
    content: t.string({ required: true, description: 'The document (at most 6 MiB); slugs name records it defines or the database holds.' }),
  }),
});

const ImportPayload = builder.objectRef<Payload<ImportedDocument>>('ImportPayload').implement({
  description: 'What the import created, or why nothing was.',
  fields: (t) => ({
    source: t.field({ type: Source, nullable: true, description: "The new source (a bundle's first); null when refused.", resolve: (p) => (p.value ? p.value.sourceId : null) }),
    sources: t.field({ type: [Source], description: 'Every source it created, in document order (one for a single document).', resolve: (p) => p.value?.sourceIds ?? [] }),
    statements: t.field({ type: [Statement], description: 'The statements it created, in document order.', resolve: (p) => p.value?.statementIds ?? [] }),
    claims: t.field({ type: [Claim], description: 'The claims it created, in document order.', resolve: (p) => p.value?.claimIds ?? [] }),
    ...payloadFields(t),
  }),
});

builder.mutationField('importDocument', (t) =>
  t.field({
    type: ImportPayload,
    description: "Adds a whole document (its source, statements, claims and relations) or a bundle of them with the actors, topics and events they need. Refusals name the field's path inside the content.",
    args: { input: t.arg({ type: ImportDocumentInput, required: true, description: 'What to write; see the input type.' }) },
    resolve: (_root, { input }, ctx) => performWrite(ctx, 'importDocument', (log) => importDocument(log, input.format, input.content)),
  }),
);
