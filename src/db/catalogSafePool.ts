import pg from 'pg';

/**
 * A `pg.Pool` whose results report PostgreSQL catalog types `name` (OID 19) and `"char"`
 * (OID 18) as `text` (OID 25). Works around prisma/orm#27403: `@prisma/adapter-pg` rejects
 * those column types, which makes Wasm `prisma migrate deploy` fail on catalog queries.
 * Used only by the Prisma CLI (prisma.config.ts); the application's client does not need it.
 */
export class CatalogSafePool extends pg.Pool {
  // pg's `query` is heavily overloaded; we only post-process the resolved result.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: pg.QueryResult) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
        }
        return res;
      });
    }
    return result;
  }
}
