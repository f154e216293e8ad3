// A minimal stand-in for the https://schema.org JSON-LD context: every term is
// read as a schema.org term. The exported documents name the real context URL;
// a JSON-LD processor that must not reach the network (the tests, an offline
// pipeline) can hand this document to its loader for that URL instead. It gives
// the same IRIs as the published context for the terms the export uses.
export const SCHEMA_ORG = 'https://schema.org';

export const SCHEMA_ORG_CONTEXT = {
  '@context': {
    '@vocab': 'https://schema.org/',
    schema: 'https://schema.org/',
    id: '@id',
    type: '@type',
  },
};

/** A jsonld.js document loader that answers the schema.org context from memory and refuses everything else. */
export async function offlineSchemaOrgLoader(url: string) {
  if (url.replace(/\/$/, '') === SCHEMA_ORG || url.replace(/\/$/, '') === 'http://schema.org') {
    return { contextUrl: undefined, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
  }
  throw new Error(`No network: refusing to load ${url}.`);
}
