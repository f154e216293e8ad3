// A request yoga cannot read (variables or extensions in a GET query string
// that are not JSON, percent-encoding that decodes to nothing) is the
// client's error: 400 BAD_REQUEST, not a masked 500.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function badRequest(error: unknown): never {
  if (error instanceof SyntaxError || error instanceof URIError) {
    throw new GraphQLError(`The request cannot be read: ${error.message}.`, {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  }
  throw error;
}

export function requestParseErrorsPlugin(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      const parse = requestParser;
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          return badRequest(error);
        }
      });
    },
  };
}
