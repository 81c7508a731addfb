import { describe, expect, it } from 'vitest';
import { SchemaObserver, settleType, toColumnValue, toParquetSchema, widenType } from './schema';

describe('Parquet schema inference', () => {
  it('widens over rows: late keys become columns, int meets double as double, nulls stay nullable', () => {
    const observer = new SchemaObserver();
    observer.observe({ messages: [{ role: 'user', content: 'hi' }], k: 2, score: 1 });
    observer.observe({ messages: [{ role: 'assistant', content: 'yo', name: 'bot' }], k: null, score: 0.5, draft: 'x' });
    const row = observer.rowType();
    expect([...row.fields.keys()]).toEqual(['messages', 'k', 'score', 'draft']);
    expect(row.fields.get('messages')).toEqual({
      kind: 'list',
      element: { kind: 'struct', fields: new Map([['role', { kind: 'string' }], ['content', { kind: 'string' }], ['name', { kind: 'string' }]]) },
    });
    expect(row.fields.get('k')).toEqual({ kind: 'int' });
    expect(row.fields.get('score')).toEqual({ kind: 'double' });
  });

  it('keeps values of different shapes as JSON text rather than dropping or coercing them', () => {
    expect(widenType({ kind: 'string' }, { kind: 'struct', fields: new Map() })).toEqual({ kind: 'json' });
    expect(widenType({ kind: 'bool' }, { kind: 'int' })).toEqual({ kind: 'json' });
    expect(toColumnValue({ a: [1] }, { kind: 'json' })).toEqual({ a: [1] }); // the writer stringifies it
  });

  it('settles types Parquet cannot hold: null-only, empty lists and empty objects', () => {
    expect(settleType({ kind: 'null' })).toEqual({ kind: 'string' });
    expect(settleType({ kind: 'list', element: { kind: 'null' } })).toEqual({ kind: 'list', element: { kind: 'string' } });
    expect(settleType({ kind: 'struct', fields: new Map() })).toEqual({ kind: 'json' });
  });

  it('writes lists as the standard three-level LIST and integers as INT64', () => {
    const observer = new SchemaObserver();
    observer.observe({ tags: ['a'], n: 1 });
    expect(toParquetSchema(observer.rowType())).toEqual([
      { name: 'root', num_children: 2 },
      { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      { name: 'n', repetition_type: 'OPTIONAL', type: 'INT64' },
    ]);
    expect(toColumnValue({ tags: ['a'], n: 1 }, observer.rowType())).toEqual({ tags: ['a'], n: 1n });
  });

  it('refuses a row that is not an object', () => {
    expect(() => new SchemaObserver().observe([1])).toThrow(/JSON object/);
  });
});
