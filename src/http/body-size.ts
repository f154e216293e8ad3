// The limit on a request body (MAX_BODY_BYTES), in place of yoga's own. Yoga
// pipes every body through a counting TransformStream into a new Request,
// which costs a stream pipeline (and the AbortError it builds when the pipe
// closes) on every request, a few percent of the CPU of a short query. A body
// with a Content-Length needs none of that: the header is checked against the
// limit, and Node's HTTP parser reads exactly that many bytes as the body. Only
// a body without one (chunked) is read here, counted as it arrives and
// refused once it passes the limit.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

function tooLarge(limit: number) {
  return createGraphQLError(`The request body is larger than the limit of ${limit} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** The request with its whole body read into memory, refused past `limit` bytes. */
async function readWithin(request: Request, limit: number, fetchAPI: { Request: typeof Request }): Promise<Request> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: Buffer.concat(chunks) });
}

/** Must come after every plugin that picks or wraps the request parser. */
export function bodySizePlugin(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length != null) {
        // One non-negative integer, nothing else (two joined values are a request-smuggling attempt).
        if (!CONTENT_LENGTH.test(length)) {
          throw createGraphQLError('The Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
        if (Number(length) > limit) throw tooLarge(limit);
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser(async (req) => parse(await readWithin(req, limit, fetchAPI)));
    },
  };
}
