import { pool } from '../../../lib/db.js';

export default async function RowPage({ params }) {
  const { id } = await params;
  const { rows } = await pool.query('SELECT id::text AS id, worker, value, created_at AS "createdAt" FROM bare_row WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return <main>not found</main>;
  return (
    <main>
      <h1>Row {row.id}</h1>
      <p>worker {row.worker}</p>
      <p>{row.value}</p>
      <p>{row.createdAt.toISOString()}</p>
    </main>
  );
}
