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
  if (!statement) {
    const prepared = build();
    const driver = directDriverOf(db);
    statement = (driver && directStatement<T>(prepared, driver)) || prepared;
    statements.set(key, statement as Prepared<unknown>);
  }
  return statement;
}

/** An id list as one array placeholder, like idArray: one text whatever the number of ids. */
export function idArrayPlaceholder(name: string): SQL {
  return sql`CAST(${sql.placeholder(name)} AS integer[])`;
}
