'use server';
import { redirect } from 'next/navigation';
import { pool } from '../lib/db.js';

/** Inserts one row and redirects to the page that reads it: one tap of a classic server-action form. */
export async function addRowAction(input) {
  const { rows } = await pool.query('INSERT INTO bare_row (worker, value) VALUES ($1, $2) RETURNING id', [input.worker, input.value]);
  redirect(`/rows/${rows[0].id}`);
}

/** Inserts one row and answers with it as data: no redirect, no page render. */
export async function addRowDataAction(input) {
  const { rows } = await pool.query('INSERT INTO bare_row (worker, value) VALUES ($1, $2) RETURNING id', [input.worker, input.value]);
  const read = await pool.query('SELECT id::text AS id, worker, value, created_at AS "createdAt" FROM bare_row WHERE id = $1', [rows[0].id]);
  return read.rows[0];
}
