import { pool } from '../../../lib/db.js';

export async function POST(request) {
  const input = await request.json();
  const { rows } = await pool.query('INSERT INTO bare_row (worker, value) VALUES ($1, $2) RETURNING id', [input.worker, input.value]);
  const read = await pool.query('SELECT id::text AS id, worker, value, created_at AS "createdAt" FROM bare_row WHERE id = $1', [rows[0].id]);
  return Response.json(read.rows[0]);
}
