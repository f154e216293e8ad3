// What keeps a browser from being turned against the API or its users: only
// JSON (or application/graphql) bodies run operations, so no plain HTML form
// can send one; responses are never content-sniffed; the GraphiQL page runs
// under a content security policy. Mutations over GET are refused by yoga.
import type { Plugin } from 'graphql-yoga';

/** Body types a cross-site form cannot send; form encodings, multipart and text/plain are not among them. */
const OPERATION_BODY_TYPES = ['application/json', 'application/graphql+json', 'application/graphql'];

/**
 * GraphiQL's page carries everything inline (scripts, styles, fonts as data:
 * URLs) and starts its editor workers from blob: URLs it makes itself; it may
 * send requests to this origin only, and nothing from another host is allowed.
 */
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function refuseBody(contentType: string | null, fetchAPI: { Response: typeof Response }): Response {
  const message = `Send operations as application/json (got ${contentType ?? 'no content type'}).`;
  return fetchAPI.Response.json(
    { errors: [{ message, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] },
    { status: 415, headers: { accept: OPERATION_BODY_TYPES.join(', ') } },
  );
}

/** `anyOrigin`: answer CORS with a literal `*` (cacheable, and never with credentials) instead of echoing the origin. */
export function browserSafetyPlugin(options: { anyOrigin: boolean }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const contentType = request.headers.get('content-type');
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      if (!mediaType || !OPERATION_BODY_TYPES.includes(mediaType)) endResponse(refuseBody(contentType, fetchAPI));
    },
    onResponse({ response }) {
      response.headers.set('X-Content-Type-Options', 'nosniff');
      response.headers.set('Referrer-Policy', 'no-referrer');
      // A page on another origin may read the request ID (to quote it) and the ETag (to revalidate by hand).
      if (response.headers.has('Access-Control-Allow-Origin')) response.headers.set('Access-Control-Expose-Headers', 'X-Request-ID, ETag');
      if (options.anyOrigin && response.headers.has('Access-Control-Allow-Origin')) {
        response.headers.set('Access-Control-Allow-Origin', '*');
        response.headers.delete('Access-Control-Allow-Credentials');
        const vary = (response.headers.get('Vary') ?? '').split(',').map((v) => v.trim()).filter((v) => v && v.toLowerCase() !== 'origin');
        if (vary.length) response.headers.set('Vary', vary.join(', '));
        else response.headers.delete('Vary');
      }
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        response.headers.set('Content-Security-Policy', GRAPHIQL_CSP);
        response.headers.set('X-Frame-Options', 'DENY');
      }
    },
  };
}
