// Who is calling: the API key in `Authorization: Bearer <key>`, checked
// against the stored hashes. No header is an anonymous caller; a header that
// names no key in use (malformed, unknown or revoked) is refused with 401
// UNAUTHENTICATED, whatever the operation.
import { unauthenticatedError } from '../auth-scopes.js';
import type { Database } from '../db/client.js';
import { verifyKey, type Viewer } from '../domain/keys.js';


export async function viewerOf(db: Database, request: Request): Promise<Viewer | null> {
  const header = request.headers.get('authorization');
  if (header == null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticatedError('The Authorization header must be "Bearer <key>".');
  const viewer = await verifyKey(db, match[1]!);
  if (!viewer) throw unauthenticatedError('The API key is unknown or revoked.');
  return viewer;
}
