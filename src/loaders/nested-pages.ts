// One page of a connection for many parents at once (Actor.statements for every
// actor in a list): a window function numbers each parent's rows in key order, so
// a single SQL statement serves every parent, whatever their number.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { CursorValues } from '../pagination/cursor.js';
import { keysetConditions, keysetOrder, type Page, type SortKey, toPage } from '../pagination/keyset.js';
import type { PagePlan } from '../pagination/page-args.js';
import { selectRows, valueList } from '../db/rows.js';

export interface NestedListSpec {
  /** FROM clause, joins included; may be a subquery. */
  from: SQL;
  /** Expression of the parent's id in `from`. */
  parent: SQL;
  /** Expression of the listed node's id in `from`. */
  node: SQL;
  key: SortKey;
  /** Extra conditions (a role filter, say). */
  where?: SQL[];
}

export interface NestedItem {
  id: number;
  key: CursorValues;
}

export async function loadNestedPages(
  db: Database,
  spec: NestedListSpec,
  parentIds: readonly number[],
  plan: PagePlan,
): Promise<Page<NestedItem>[]> {
  const keyCols = spec.key.columns.map((c, i) => sql`${c.expr} AS ${sql.raw(`k${i}`)}`);
  const conditions = [sql`${spec.parent} IN (${valueList(parentIds)})`];
  conditions.push(...(spec.where ?? []), ...keysetConditions(spec.key, plan));
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`SELECT * FROM (
      SELECT ${spec.parent} AS parent, ${spec.node} AS node, ${sql.join(keyCols, sql`, `)},
        row_number() OVER (PARTITION BY ${spec.parent} ORDER BY ${keysetOrder(spec.key, plan)}) AS rn
      FROM ${spec.from}
      WHERE ${sql.join(conditions, sql` AND `)}
    ) numbered WHERE rn <= ${plan.size + 1} ORDER BY parent, rn`,
  );
  const byParent = new Map<number, NestedItem[]>();
  for (const row of rows) {
    const parent = Number(row.parent);
    const list = byParent.get(parent) ?? [];
    list.push({
      id: Number(row.node),
      key: spec.key.columns.map((c, i) => normalizeKeyValue(row[`k${i}`], c.type)),
    });
    byParent.set(parent, list);
  }
  return parentIds.map((id) => toPage(byParent.get(id) ?? [], plan));
}

function normalizeKeyValue(value: unknown, type: string): string | number {
  if (type === 'integer' || type === 'real') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
