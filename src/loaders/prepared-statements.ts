// Statements built once. drizzle builds a query's SQL text from its builder
// objects on every call: for a short read that walk costs as much CPU as
// sending the statement and reading its rows. The hottest reads (rows by id,
// nested pages, root list pages, the timeline's page) are built once per
// database and shape with placeholders for what varies (ids, cursor values,
// the page size), and each request only fills the placeholders in. The
// statement is still logged before it is sent (the statement counters and the
// embedded database's deadline check see it), and on Postgres postgres.js
// still prepares it once per connection.
//
// A built statement runs without drizzle (direct-statement.ts): its text and
// placeholder order are taken once, rows are read from the driver as arrays
// and mapped by a function made for the statement's fields.
import { sql, type SQL } from 'drizzle-orm';
import { type Database, directDriverOf } from '../db/client.js';
import { directStatement } from '../db/direct-statement.js';

export interface Prepared<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}

const built = new WeakMap<Database, Map<string, Prepared<unknown>>>();

/**
 * How many built statements a database keeps, the least recently used
 * dropped first (and built again if asked for). A key names a statement's
 * shape, and clients choose shapes: page sizes, the columns a selection reads,
 * which connections a lookup reads beside its row. Without a bound, a client
 * varying them would grow the server's memory without end.
 */
export const MAX_BUILT_STATEMENTS = 2000;

/**
 * The statement `build` makes, built on first use for this database and `key`.
 * `key` must name everything that shapes the text (the list, its variant, which
 * cursors are given); values that vary per request go in as placeholders.
 */
export function preparedOnce<T>(db: Database, key: string, build: () => Prepared<T>): Prepared<T> {
  let statements = built.get(db);
  if (!statements) {
    statements = new Map();
    built.set(db, statements);
  }
  let statement = statements.get(key) as Prepared<T> | undefined;
  if (statement) {
    // Used again: to the end of the Map's order, which is the order of use.
    statements.delete(key);
  } else {
    const prepared = build();
    const driver = directDriverOf(db);
    statement = (driver && directStatement<T>(prepared, driver)) || prepared;
    if (statements.size >= MAX_BUILT_STATEMENTS) statements.delete(statements.keys().next().value!);
  }
  statements.set(key, statement as Prepared<unknown>);
  return statement;
}

/** How many statements are built and kept for this database (at most MAX_BUILT_STATEMENTS). */
export function builtStatementCount(db: Database): number {
  return built.get(db)?.size ?? 0;
}

/** An id list as one array placeholder, like idArray: one text whatever the number of ids. */
export function idArrayPlaceholder(name: string): SQL {
  return sql`CAST(${sql.placeholder(name)} AS integer[])`;
}
