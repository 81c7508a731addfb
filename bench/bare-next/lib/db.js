import pg from 'pg';

// One pool per server process, sized like the product's (lib/db.ts).
const globalForPool = globalThis;
export const pool = (globalForPool.bareNextPool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }));
