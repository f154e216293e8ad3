// The floor: what answering costs with no GraphQL layer at all. POST /<query
// index> runs that query's one hand-written SQL statement (prepared, over
// postgres.js) and sends the JSON Postgres built.
import { createServer } from 'node:http';
import postgres from 'postgres';

const statements: { text: string; params: unknown[] }[] = JSON.parse(process.env.FLOOR_QUERIES ?? '[]');
const db = postgres(process.env.DATABASE_URL!, { max: 10, prepare: true, onnotice: () => {} });
// simple: false: postgres.js sends a statement without parameters as a simple query, planned on every run, unless told otherwise.
const PREPARED = { prepare: true, simple: false } as postgres.UnsafeQueryOptions;

const server = createServer(async (request, response) => {
  for await (const _ of request);
  const statement = statements[Number(request.url!.slice(1))];
  if (!statement) {
    response.writeHead(404).end();
    return;
  }
  try {
    const [row] = await db.unsafe(statement.text, statement.params as never[], PREPARED);
    const body = JSON.stringify({ data: row!.data });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`floor: listening on ${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => db.end().then(() => process.exit(0))));
