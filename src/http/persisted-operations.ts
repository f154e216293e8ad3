// Persisted operations from the trusted store (src/persisted/store.ts), named
// either way clients do it: Apollo's extensions.persistedQuery.sha256Hash or
// the GraphQL-over-HTTP documentId (in a POST body or a GET parameter, bare or
// as "sha256:<hash>"). With `persistedOnly` any other document is refused with
// PERSISTED_OPERATIONS_ONLY, the way production front ends lock an API down.
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { PersistedOperations } from '../persisted/store.js';

const documentIds = new WeakMap<Request, string>();

function bareHash(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}

/** Takes documentId out of the parameters (yoga refuses parameters it does not know) and keeps it for the lookup. */
const documentIdPlugin: Plugin = {
  onRequestParse({ request, requestParser, setRequestParser }) {
    if (!requestParser) return;
    const parse = requestParser;
    setRequestParser(async (req) => {
      const params = await parse(req);
      const one = Array.isArray(params) ? undefined : (params as unknown as Record<string, unknown>);
      const fromBody = one?.documentId;
      const fromUrl = request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null;
      if (one && 'documentId' in one) delete one.documentId;
      const id = typeof fromBody === 'string' ? fromBody : fromUrl;
      if (id) documentIds.set(request, bareHash(id));
      return params;
    });
  },
};

export function persistedOperationsPlugins(store: PersistedOperations, options: { persistedOnly: boolean }): Plugin[] {
  return [
    documentIdPlugin,
    usePersistedOperations({
      allowArbitraryOperations: !options.persistedOnly,
      extractPersistedOperationId: (params, request) => {
        const apollo = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
        return (typeof apollo === 'string' ? apollo : null) ?? documentIds.get(request) ?? null;
      },
      getPersistedOperation: (hash) => (Object.hasOwn(store, hash) ? store[hash]! : null),
      customErrors: {
        // Apollo's client matches this message to send the whole document next time.
        notFound: () =>
          createGraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } }),
        keyNotFound: () =>
          createGraphQLError('Send a query, or a persisted operation by documentId or extensions.persistedQuery.sha256Hash.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          }),
        persistedQueryOnly: () =>
          createGraphQLError('This server runs only persisted operations: send a documentId (or persistedQuery hash) from its trusted list.', {
            extensions: { code: 'PERSISTED_OPERATIONS_ONLY', http: { status: 403 } },
          }),
      },
    }),
  ];
}
