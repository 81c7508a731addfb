// A Parquet schema inferred from the JSON rows an export format produces, so that Parquet is only a container:
// whatever a JSONL format writes (today's fields or tomorrow's), the same rows land in typed columns.
// Every row of every part is observed before the first row group is written (see writer.ts): train and validation
// then share one schema, which `datasets` needs to load both splits of one config. Pure and isomorphic.
import type { SchemaElement } from 'hyparquet';

/** The type of a value over all rows seen so far. `null` until a non-null value shows up. */
export type ValueType =
  | { kind: 'null' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'double' }
  | { kind: 'string' }
  | { kind: 'list'; element: ValueType }
  | { kind: 'struct'; fields: Map<string, ValueType> }
  /** Values of different shapes (e.g. a payload field that is text in one row and an object in another): JSON text. */
  | { kind: 'json' };

type StructType = Extract<ValueType, { kind: 'struct' }>;
type ListType = Extract<ValueType, { kind: 'list' }>;

// Leaf types are shared constants; list and struct types are fresh objects that `absorb` grows in place.
const NULL: ValueType = { kind: 'null' };
const JSON_TEXT: ValueType = { kind: 'json' };
const BOOL: ValueType = { kind: 'bool' };
const INT: ValueType = { kind: 'int' };
const DOUBLE: ValueType = { kind: 'double' };
const STRING: ValueType = { kind: 'string' };

function typeOf(value: unknown): ValueType {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'boolean') return BOOL;
  // JSON numbers: whole ones within the safe range stay integers (counts, ranks, durations), others are doubles.
  if (typeof value === 'number') return Number.isSafeInteger(value) ? INT : DOUBLE;
  if (typeof value === 'string') return STRING;
  if (Array.isArray(value)) return absorb({ kind: 'list', element: NULL }, value);
  if (typeof value === 'object') return absorb({ kind: 'struct', fields: new Map() }, value);
  return JSON_TEXT;
}

/**
 * `type` widened to hold `value` as well. Lists and structs grow in place (a row costs no allocation once its
 * shape has been seen: this runs once per exported row).
 */
function absorb(type: ValueType, value: unknown): ValueType {
  if (value === null || value === undefined) return type;
  if (type.kind === 'json') return type;
  if (type.kind === 'struct' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const before = type.fields.get(key);
      const after = absorb(before ?? NULL, v);
      if (after !== before) type.fields.set(key, after);
    }
    return type;
  }
  if (type.kind === 'list' && Array.isArray(value)) {
    for (const v of value) (type as ListType).element = absorb(type.element, v);
    return type;
  }
  return widenType(type, typeOf(value));
}

/** The narrowest type that holds values of both types (every column and field is nullable). */
export function widenType(a: ValueType, b: ValueType): ValueType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'json' || b.kind === 'json') return JSON_TEXT;
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', element: widenType(a.element, b.element) };
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fields = new Map(a.fields);
    for (const [key, t] of b.fields) fields.set(key, widenType(fields.get(key) ?? NULL, t));
    return { kind: 'struct', fields };
  }
  if (a.kind === b.kind) return a;
  if ((a.kind === 'int' && b.kind === 'double') || (a.kind === 'double' && b.kind === 'int')) return DOUBLE;
  return JSON_TEXT;
}

/** Collects the type of every row; rows must be JSON objects (each key a column). */
export class SchemaObserver {
  private readonly root: StructType = { kind: 'struct', fields: new Map() };

  observe(row: unknown): void {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('A Parquet export row must be a JSON object.');
    absorb(this.root, row);
  }

  /** The row type with the types never seen concretely settled (see `settleType`). */
  rowType(): StructType {
    const settled = settleType(this.root);
    return settled.kind === 'struct' ? settled : { kind: 'struct', fields: new Map() };
  }
}

/**
 * Parquet has no null-only type and no empty group: a field that was always null becomes a string column (all
 * null), a list whose elements were never seen a list of strings, and an object that never had a key JSON text.
 */
export function settleType(type: ValueType): ValueType {
  switch (type.kind) {
    case 'null':
      return STRING;
    case 'list':
      return { kind: 'list', element: settleType(type.element) };
    case 'struct':
      return type.fields.size === 0 ? JSON_TEXT : { kind: 'struct', fields: new Map([...type.fields].map(([k, t]) => [k, settleType(t)])) };
    default:
      return type;
  }
}

/** The flattened Parquet schema (root first, depth-first) for a settled row type. Lists use the standard 3-level LIST. */
export function toParquetSchema(row: StructType): SchemaElement[] {
  const elements: SchemaElement[] = [{ name: 'root', num_children: row.fields.size }];
  const add = (name: string, type: ValueType): void => {
    switch (type.kind) {
      case 'struct':
        elements.push({ name, repetition_type: 'OPTIONAL', num_children: type.fields.size });
        for (const [key, t] of type.fields) add(key, t);
        return;
      case 'list':
        elements.push({ name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' });
        elements.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
        add('element', type.element);
        return;
      case 'bool':
        elements.push({ name, repetition_type: 'OPTIONAL', type: 'BOOLEAN' });
        return;
      case 'int':
        elements.push({ name, repetition_type: 'OPTIONAL', type: 'INT64' });
        return;
      case 'double':
        elements.push({ name, repetition_type: 'OPTIONAL', type: 'DOUBLE' });
        return;
      case 'json':
        elements.push({ name, repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'JSON' });
        return;
      default:
        elements.push({ name, repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    }
  };
  for (const [key, t] of row.fields) add(key, t);
  return elements;
}

/** A JSON value in the shape the column writer expects for `type`: bigint for INT64, null for absent keys. */
export function toColumnValue(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'int':
      return BigInt(value as number);
    case 'json':
      return value; // hyparquet-writer writes a JSON column's values as JSON text itself
    case 'list':
      return (value as unknown[]).map((v) => toColumnValue(v, type.element));
    case 'struct': {
      const record = value as Record<string, unknown>;
      return Object.fromEntries([...type.fields].map(([key, t]) => [key, toColumnValue(record[key], t)]));
    }
    default:
      return value;
  }
}
