// Databases that fail the way real ones do: one that accepts connections and
// never answers (frozen), and one whose port refuses them (down).
import { createServer, type Server, type Socket } from 'node:net';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';

export interface BrokenDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

function urlAt(port: number): string {
  return `postgres://claimline@127.0.0.1:${port}/claimline`;
}

/** Accepts TCP connections and never sends a byte, as a frozen (SIGSTOPped) server does. */
export async function frozenDatabase(): Promise<BrokenDatabase> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const handle = await openDatabase({ url: urlAt(await listen(server)) });
  return {
    handle,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      // Statements still queued for the frozen server end with it; do not wait for them.
      await Promise.race([handle.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      await closed;
    },
  };
}

/** A port that was just free and refuses connections. */
export async function downDatabase(): Promise<BrokenDatabase> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  const handle = await openDatabase({ url: urlAt(port) });
  return { handle, close: () => handle.close().catch(() => {}) };
}
