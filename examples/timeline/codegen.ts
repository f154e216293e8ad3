// Typed documents for the page's operations, from the server's printed schema.
// The client preset validates every operation against the schema first, so a
// schema change that breaks one fails `npm run codegen` (and the build and
// tests/timeline-example-codegen.test.ts with it).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['timeline.graphql', 'src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      // Documents as plain strings: the page sends them as GET parameters and needs no graphql runtime.
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
