// The task-type dependent parts of the OpenAPI documents: each type's `typeConfig`, item payload, gold answer and
// upload line, rendered from the zod schemas in lib/tasks/types (so they cannot drift), and the unions that tie a
// `taskType` to its `typeConfig`. Plain data from zod schemas: no database, no env.
import { z } from 'zod';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { MAX_EXTERNAL_ID_LENGTH } from '@/lib/batches/rows';
import { classificationConfigSchema, classificationGoldSchema, textPayloadSchema } from '@/lib/tasks/types/classification';
import { multiLabelConfigSchema, multiLabelGoldSchema } from '@/lib/tasks/types/multi-label';
import { pairwiseConfigSchema, pairwiseGoldSchema, pairwisePayloadSchema } from '@/lib/tasks/types/pairwise';
import { rankingConfigSchema, rankingGoldSchema, rankingPayloadSchema } from '@/lib/tasks/types/ranking';
import { ratingConfigSchema, ratingGoldSchema, ratingPayloadSchema } from '@/lib/tasks/types/rating';
import { writingConfigSchema, writingPayloadSchema } from '@/lib/tasks/types/writing';

type JsonSchema = Record<string, unknown>;

/** The schemas lib/tasks parses with; a Record so a new task type fails to compile until it is documented. */
const taskTypeSchemas: Record<TaskType, { config: z.ZodType; payload: z.ZodType; gold?: z.ZodType }> = {
  CLASSIFICATION: { config: classificationConfigSchema, payload: textPayloadSchema, gold: classificationGoldSchema },
  MULTI_LABEL: { config: multiLabelConfigSchema, payload: textPayloadSchema, gold: multiLabelGoldSchema },
  PAIRWISE: { config: pairwiseConfigSchema, payload: pairwisePayloadSchema, gold: pairwiseGoldSchema },
  RANKING: { config: rankingConfigSchema, payload: rankingPayloadSchema, gold: rankingGoldSchema },
  RATING: { config: ratingConfigSchema, payload: ratingPayloadSchema, gold: ratingGoldSchema },
  WRITING: { config: writingConfigSchema, payload: writingPayloadSchema },
};

const taskTypes = Object.keys(taskTypeSchemas) as TaskType[];
const REF = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${REF}${name}` });
/** MULTI_LABEL → MultiLabel. */
const taskTypeName = (type: TaskType) => type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _sep, letter: string) => letter.toUpperCase());

// zod refinements have no JSON Schema form; the server checks them and answers 422 with the field path.
const refinedNote = 'Rules across fields (no blank text, a `prompt` or a `conversation`, names listed once) are checked by the server.';

function render(schema: z.ZodType, io: 'input' | 'output', description?: string): JsonSchema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return description ? { description, ...json } : json;
}

const idSchema = { description: 'Your id for the item (text or number); without one, a hash of the payload.', type: ['string', 'number'], maxLength: MAX_EXTERNAL_ID_LENGTH };

/**
 * An item as the team uploads it (a JSONL line, `<X>ItemLine`, gold answers allowed) or as an agent sends it
 * (`<X>JobItem`, no gold): nested `{id?, payload}` or the payload's fields flat beside `id`.
 */
function itemSchema(type: TaskType, withGold: boolean): JsonSchema {
  const name = taskTypeName(type);
  const gold = withGold && taskTypeSchemas[type].gold ? { gold: ref(`${name}Gold`) } : {};
  const also = 'gold' in gold ? '`id`/`gold`' : '`id`';
  return {
    description: `An item of a ${type} project: \`{"id"?, "payload"${'gold' in gold ? ', "gold"?' : ''}}\`, or the payload's fields flat beside ${also}.`,
    anyOf: [
      { type: 'object', properties: { id: idSchema, external_id: idSchema, payload: ref(`${name}Payload`), ...gold }, required: ['payload'], additionalProperties: false },
      { allOf: [ref(`${name}Payload`)], type: 'object', properties: { id: idSchema, external_id: idSchema, ...gold }, ...(withGold ? {} : { not: { required: ['gold'] } }) },
    ],
  };
}

/** `{taskType: X, typeConfig: XConfig, ...}` per task type, named `<X><stem><suffix>` (PairwiseSettingsInput). */
function taskVariants(stem: string, suffix: '' | 'Input', extra: (type: TaskType) => JsonSchema = () => ({})): Record<string, JsonSchema> {
  return Object.fromEntries(
    taskTypes.map((type) => [
      `${taskTypeName(type)}${stem}${suffix}`,
      {
        type: 'object',
        properties: { taskType: { type: 'string', const: type }, typeConfig: ref(`${taskTypeName(type)}Config${suffix}`), ...extra(type) },
        required: suffix === '' ? ['taskType', 'typeConfig'] : ['taskType'],
      },
    ]),
  );
}

/** `<X>ConfigInput` and `<X>Payload` of every type: what both documents' requests carry. */
function requestComponents(): Record<string, JsonSchema> {
  return Object.fromEntries(
    taskTypes.flatMap((type) => {
      const { config, payload } = taskTypeSchemas[type];
      return [
        [`${taskTypeName(type)}ConfigInput`, render(config, 'input', `\`typeConfig\` of a ${type} project, as sent. ${refinedNote}`)],
        [`${taskTypeName(type)}Payload`, render(payload, 'input', `An item's payload in a ${type} project; extra fields are kept. ${refinedNote}`)],
      ];
    }),
  );
}

/** The team API's: configs as sent and as stored, payloads, gold answers, upload lines, and `taskType` + `typeConfig` per type. */
export function teamTaskComponents(): Record<string, JsonSchema> {
  const components = requestComponents();
  for (const type of taskTypes) {
    const name = taskTypeName(type);
    const { config, gold } = taskTypeSchemas[type];
    components[`${name}Config`] = render(config, 'output', `\`typeConfig\` of a ${type} project as stored, defaults filled in.`);
    if (gold) components[`${name}Gold`] = render(gold, 'input', `The known answer of a gold item in a ${type} project; it must fit the project's typeConfig.`);
    components[`${name}ItemLine`] = itemSchema(type, true);
  }
  return {
    ...components,
    ...taskVariants('Settings', ''),
    ...taskVariants('Settings', 'Input'),
    TaskSettingsInput: { description: 'The `typeConfig` that goes with each `taskType`.', oneOf: taskTypes.map((type) => ref(`${taskTypeName(type)}SettingsInput`)) },
  };
}

/** The agent API's: a job's `typeConfig` and `items` both follow `taskType`; items carry no gold answers. */
export function agentTaskComponents(): Record<string, JsonSchema> {
  const items = Object.fromEntries(taskTypes.map((type) => [`${taskTypeName(type)}JobItem`, itemSchema(type, false)]));
  return {
    ...requestComponents(),
    ...items,
    ...taskVariants('JobItems', 'Input', (type) => ({ items: { type: 'array', items: ref(`${taskTypeName(type)}JobItem`) } })),
  };
}

/** The schemas whose `typeConfig` (and agent `items`) follow `taskType`, with the per-type part of each. */
const taskTyped: Record<string, string> = {
  Project: 'Settings',
  CreateProjectInput: 'SettingsInput',
  QuoteAgentJobInput: 'JobItemsInput',
  CreateAgentJobInput: 'JobItemsInput',
};

/**
 * Turns each task-typed schema into a union discriminated by `taskType`: `<Name>` is one of `<X><Name>`, each the
 * shared fields (`<Name>Base`) with the type's own part. Generators (openapi-typescript, openapi-generator) read
 * this shape as a tagged union. An update sends `taskType` and `typeConfig` only together, if at all.
 */
export function addTaskTypeUnions(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out = { ...schemas };
  for (const [name, part] of Object.entries(taskTyped)) {
    if (!out[name]) continue;
    // A zod discriminated union (the agent API's item jobs beside its tree jobs): its first member is the task-typed
    // schema, and each other member is a variant of its own, named after its `taskType` constant.
    const [typed, ...others] = (out[name].oneOf as JsonSchema[] | undefined) ?? [out[name]];
    out[`${name}Base`] = { description: `The fields of \`${name}\` that every task type shares.`, ...typed };
    const variant = (type: string) => `${taskTypeName(type as TaskType)}${name}`;
    const mapping: [string, string][] = taskTypes.map((type) => [type, variant(type)]);
    for (const type of taskTypes) out[variant(type)] = { allOf: [ref(`${name}Base`), ref(`${taskTypeName(type)}${part}`)] };
    for (const other of others) {
      const type = ((other.properties as Record<string, JsonSchema>).taskType.const as string);
      out[variant(type)] = other;
      mapping.push([type, variant(type)]);
    }
    out[name] = {
      oneOf: mapping.map(([, schemaName]) => ref(schemaName)),
      discriminator: { propertyName: 'taskType', mapping: Object.fromEntries(mapping.map(([type, schemaName]) => [type, `${REF}${schemaName}`])) },
    };
  }
  // A plain project needs its options, reward and overlap; a conversation tree derives them from `treeConfig`. Said
  // in each variant's allOf, not on the base: beside `properties`, an anyOf makes openapi-typescript drop them.
  const plainOrTree = { anyOf: [{ required: ['typeConfig', 'rewardSats', 'judgmentsPerItem'] }, { required: ['treeConfig'] }] };
  for (const type of out.CreateProjectInputBase ? taskTypes : []) {
    const variant = out[`${taskTypeName(type)}CreateProjectInput`];
    out[`${taskTypeName(type)}CreateProjectInput`] = { allOf: [...(variant.allOf as JsonSchema[]), plainOrTree] };
  }
  if (out.UpdateProjectInput) out.UpdateProjectInput = { allOf: [out.UpdateProjectInput, { if: { required: ['taskType', 'typeConfig'] }, then: ref('TaskSettingsInput') }] };
  return out;
}
