/**
 * The drift check `prisma migrate` would otherwise give: apply every committed migration to a
 * fresh database of each dialect and compare the result with the Prisma schema — every model,
 * column, type, nullability, literal default, primary key, unique and plain index, and foreign
 * key (with its ON DELETE action). Nothing extra may exist either.
 */
import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { MIGRATIONS_TABLE } from './migrate';

type DmmfField = {
  name: string;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  default?: unknown;
  isUpdatedAt: boolean;
  relationFromFields?: string[];
  relationOnDelete?: string;
};
/** dbName: the table a model is mapped to with @@map (null when it is the model's name). */
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null };
type DmmfIndex = { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: { name: string }[] };

type Column = { name: string; type: string; nullable: boolean; default: string | null };
type Index = { columns: string[]; unique: boolean; primary: boolean };
type ForeignKey = { columns: string[]; table: string; onDelete: string };

const SCALAR_TYPES: Record<string, Record<string, string>> = {
  sqlite: { String: 'TEXT', DateTime: 'DATETIME', Int: 'INTEGER', BigInt: 'BIGINT', Boolean: 'BOOLEAN', Float: 'REAL', Bytes: 'BLOB' },
  postgresql: {
    String: 'text',
    DateTime: 'timestamp without time zone',
    Int: 'integer',
    BigInt: 'bigint',
    Boolean: 'boolean',
    Float: 'double precision',
    Bytes: 'bytea',
  },
};

function loadDmmf(dialect: string): { models: DmmfModel[]; indexes: DmmfIndex[] } {
  const path = dialect === 'sqlite' ? 'prisma/sqlite/schema.prisma' : 'prisma/schema.prisma';
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync(path, 'utf8') }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  return dmmf.datamodel;
}

async function inspect(
  t: TestDatabase,
): Promise<{ tables: string[]; columns: Map<string, Column[]>; indexes: Map<string, Index[]>; fks: Map<string, ForeignKey[]> }> {
  const columns = new Map<string, Column[]>();
  const indexes = new Map<string, Index[]>();
  const fks = new Map<string, ForeignKey[]>();
  if (t.dialect === 'sqlite') {
    const tables = (await t.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map(
      (r) => r.name,
    );
    for (const table of tables) {
      const info = await t.db.$queryRawUnsafe<{ name: string; type: string; notnull: bigint | number; dflt_value: string | null; pk: bigint | number }[]>(
        `PRAGMA table_info("${table}")`,
      );
      columns.set(
        table,
        info.map((c) => ({ name: c.name, type: c.type, nullable: Number(c.notnull) === 0, default: c.dflt_value })),
      );
      const list = await t.db.$queryRawUnsafe<{ name: string; unique: bigint | number; origin: string }[]>(`PRAGMA index_list("${table}")`);
      const tableIndexes: Index[] = [];
      for (const index of list) {
        const cols = await t.db.$queryRawUnsafe<{ name: string; seqno: bigint | number }[]>(`PRAGMA index_info("${index.name}")`);
        tableIndexes.push({
          columns: cols.sort((a, b) => Number(a.seqno) - Number(b.seqno)).map((c) => c.name),
          unique: Number(index.unique) === 1,
          primary: index.origin === 'pk',
        });
      }
      // An INTEGER PRIMARY KEY (rowid alias) or single-column PK declared inline has no index_list row.
      const pkCols = info
        .filter((c) => Number(c.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map((c) => c.name);
      if (pkCols.length && !tableIndexes.some((i) => i.primary)) tableIndexes.push({ columns: pkCols, unique: true, primary: true });
      indexes.set(table, tableIndexes);
      const fkRows = await t.db.$queryRawUnsafe<{ id: bigint | number; table: string; from: string; on_delete: string }[]>(
        `PRAGMA foreign_key_list("${table}")`,
      );
      const grouped = new Map<number, ForeignKey>();
      for (const row of fkRows) {
        const fk = grouped.get(Number(row.id)) ?? { columns: [], table: row.table, onDelete: row.on_delete.toUpperCase() };
        fk.columns.push(row.from);
        grouped.set(Number(row.id), fk);
      }
      fks.set(table, [...grouped.values()]);
    }
    return { tables, columns, indexes, fks };
  }
  const tables = (
    await t.db.$queryRawUnsafe<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
  ).map((r) => r.table_name);
  for (const table of tables) {
    const cols = await t.db.$queryRawUnsafe<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }[]>(
      'SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      'public',
      table,
    );
    columns.set(
      table,
      cols.map((c) => ({ name: c.column_name, type: c.data_type, nullable: c.is_nullable === 'YES', default: c.column_default })),
    );
    const idx = await t.db.$queryRawUnsafe<{ columns: string[]; indisunique: boolean; indisprimary: boolean }[]>(
      `SELECT array_agg(a.attname::text ORDER BY k.ord) AS columns, i.indisunique, i.indisprimary
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE n.nspname = 'public' AND c.relname = $1
        GROUP BY i.indexrelid, i.indisunique, i.indisprimary`,
      table,
    );
    indexes.set(
      table,
      idx.map((i) => ({ columns: i.columns, unique: i.indisunique, primary: i.indisprimary })),
    );
    const fkRows = await t.db.$queryRawUnsafe<{ columns: string[]; foreign_table: string; delete_rule: string }[]>(
      `SELECT array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS columns, ccu.table_name::text AS foreign_table, rc.delete_rule::text AS delete_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
         JOIN (SELECT DISTINCT constraint_name, constraint_schema, table_name FROM information_schema.constraint_column_usage) ccu
           ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
        WHERE kcu.table_schema = 'public' AND kcu.table_name = $1
        GROUP BY rc.constraint_name, ccu.table_name, rc.delete_rule`,
      table,
    );
    fks.set(
      table,
      fkRows.map((r) => ({ columns: r.columns, table: r.foreign_table, onDelete: r.delete_rule.toUpperCase() })),
    );
  }
  return { tables, columns, indexes, fks };
}

describe.each(DIALECTS)('migrated %s database matches the Prisma schema', (dialect) => {
  let t: TestDatabase;
  let actual: Awaited<ReturnType<typeof inspect>>;
  const model = loadDmmf(dialect);
  const tableOf = (name: string) => model.models.find((m) => m.name === name)?.dbName ?? name;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    actual = await inspect(t);
  });
  afterAll(async () => t?.drop());

  it('has exactly one table per model, plus the migrations table', () => {
    expect(actual.tables.sort()).toEqual([...model.models.map((m) => tableOf(m.name)), MIGRATIONS_TABLE].sort());
  });

  for (const m of model.models) {
    const scalars = m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');

    it(`${m.name}: every column exists with the schema's type and nullability, and nothing else`, () => {
      const cols = actual.columns.get(tableOf(m.name)) ?? [];
      expect(cols.map((c) => c.name).sort()).toEqual(scalars.map((f) => f.name).sort());
      for (const field of scalars) {
        const column = cols.find((c) => c.name === field.name)!;
        expect({ field: field.name, type: column.type }).toEqual({ field: field.name, type: SCALAR_TYPES[dialect]![field.type] });
        expect({ field: field.name, nullable: column.nullable }).toEqual({ field: field.name, nullable: !field.isRequired });
      }
    });

    it(`${m.name}: literal and now() defaults exist in the database`, () => {
      const cols = actual.columns.get(tableOf(m.name)) ?? [];
      for (const field of scalars) {
        const column = cols.find((c) => c.name === field.name)!;
        const def = field.default as { name?: string } | string | number | boolean | undefined;
        if (def === undefined || field.isUpdatedAt) continue;
        if (typeof def === 'object' && def.name === 'cuid') continue; // generated by the client
        if (typeof def === 'object' && def.name === 'autoincrement') {
          if (dialect === 'postgresql') expect(column.default).toMatch(/^nextval\(/);
          continue;
        }
        if (typeof def === 'object' && def.name === 'now') {
          expect({ field: field.name, default: column.default }).toEqual({ field: field.name, default: expect.stringMatching(/CURRENT_TIMESTAMP/i) });
          continue;
        }
        expect({ field: field.name, default: column.default }).toEqual({ field: field.name, default: expect.stringContaining(String(def)) });
      }
    });

    it(`${m.name}: primary key, unique and plain indexes match`, () => {
      const have = actual.indexes.get(tableOf(m.name)) ?? [];
      const want = model.indexes.filter((i) => i.model === m.name);
      for (const index of want) {
        const cols = index.fields.map((f) => f.name);
        const match = have.find((h) => h.columns.join(',') === cols.join(','));
        expect({ index: cols, found: Boolean(match) }).toEqual({ index: cols, found: true });
        if (index.type === 'id') expect(match!.primary).toBe(true);
        if (index.type === 'unique') expect(match!.unique).toBe(true);
        if (index.type === 'normal') expect(match!.unique).toBe(false);
      }
      expect(have.length).toBe(want.length);
    });

    it(`${m.name}: foreign keys and their ON DELETE actions match the relations`, () => {
      const have = actual.fks.get(tableOf(m.name)) ?? [];
      const relations = m.fields.filter((f) => f.kind === 'object' && f.relationFromFields && f.relationFromFields.length > 0);
      expect(have.length).toBe(relations.length);
      for (const relation of relations) {
        const fk = have.find((f) => f.columns.join(',') === relation.relationFromFields!.join(','));
        expect(fk).toBeDefined();
        expect(fk!.table).toBe(tableOf(relation.type));
        const onDelete = (relation.relationOnDelete ?? (relation.isRequired ? 'Restrict' : 'SetNull')).replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
        expect({ relation: relation.name, onDelete: fk!.onDelete }).toEqual({ relation: relation.name, onDelete });
      }
    });
  }
});
