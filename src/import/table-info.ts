/** What the importers need to know about a table, read from the catalog so new tables work unchanged. */
import type { Queryable } from '../db/database.js';

export interface ColumnInfo {
  name: string;
  /** As format_type prints it: `character varying(20)`, `numeric(10,2)`, `jsonb`, `text[]`. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  /** Filled by the database (serial, identity): only loaded when the file has it. */
  generated: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Unique constraints other than the primary key. */
  uniqueKeys: string[][];
  /** Columns referencing districts(nces_id). */
  districtColumns: string[];
  /** Tables this one references (for import order). */
  references: string[];
}

export async function readTableInfo(db: Queryable, table: string): Promise<TableInfo | null> {
  const columns = await db.query<{
    name: string;
    type: string;
    nullable: boolean;
    has_default: boolean;
    generated: boolean;
  }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
            a.atthasdef AS has_default,
            (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS generated
     FROM pg_attribute a
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [table],
  );
  if (columns.rows.length === 0) return null;
  const constraints = await db.query<{
    contype: string;
    columns: string[];
    referenced: string | null;
    referenced_columns: string[] | null;
  }>(
    `SELECT c.contype::text AS contype,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
            c.confrelid::regclass::text AS referenced,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced_columns
     FROM pg_constraint c
     WHERE c.conrelid = to_regclass($1) AND c.contype IN ('p', 'u', 'f')
     ORDER BY c.contype, c.conname`,
    [table],
  );
  const info: TableInfo = {
    name: table,
    columns: columns.rows.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      hasDefault: c.has_default,
      generated: c.generated,
    })),
    primaryKey: [],
    uniqueKeys: [],
    districtColumns: [],
    references: [],
  };
  for (const c of constraints.rows) {
    if (c.contype === 'p') info.primaryKey = c.columns;
    else if (c.contype === 'u') info.uniqueKeys.push(c.columns);
    else if (c.referenced && c.referenced !== table) {
      info.references.push(c.referenced);
      if (c.referenced === 'districts' && c.columns.length === 1) info.districtColumns.push(c.columns[0]!);
    }
  }
  return info;
}

/** The key an import matches rows on: a natural unique key when the primary key is a generated id. */
export function naturalKey(info: TableInfo): string[] {
  const generatedPk =
    info.primaryKey.length === 1 && info.columns.find((c) => c.name === info.primaryKey[0])?.generated;
  if (generatedPk && info.uniqueKeys.length > 0) return info.uniqueKeys[0]!;
  return info.primaryKey;
}
