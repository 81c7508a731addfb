// Realistic PAIRWISE rows for the import benchmark: a prompt and two markdown answers of a few hundred bytes.
const topics = ['sourdough starter', 'bike chain', 'tax return', 'python list', 'houseplant', 'router reset', 'job interview'];

export function pairwiseRow(index) {
  const topic = topics[index % topics.length];
  return {
    id: `bench-${index}`,
    prompt: `Question ${index}: what is the most common mistake people make with a ${topic}, and how do I avoid it?`,
    responses: [
      `The most common mistake with a **${topic}** is rushing it. Take it step by step:\n\n1. Read the manual.\n2. Check the basics first.\n3. Ask for help when stuck. (#${index})`,
      `Honestly, most people overthink their ${topic}. Just try things until something works — that is how you learn. (#${index})`,
    ],
    source: 'bench',
  };
}

/** `count` rows as JSONL, yielded in ~64 KiB byte chunks. */
export async function* jsonlChunks(count) {
  const encoder = new TextEncoder();
  let text = '';
  for (let index = 0; index < count; index += 1) {
    text += `${JSON.stringify(pairwiseRow(index))}\n`;
    if (text.length >= 65_536) {
      yield encoder.encode(text);
      text = '';
    }
  }
  if (text) yield encoder.encode(text);
}

const quoteCsv = (value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * The same rows as a CSV file the way Excel writes one (CRLF; cells with commas, quotes or line breaks quoted), in
 * `chunkBytes` chunks. The prompt is quoted speech so every row has escaped quotes too.
 */
export function csvChunks(count, chunkBytes = 65_536) {
  let text = 'id,prompt,response_1,response_2,source\r\n';
  for (let index = 0; index < count; index += 1) {
    const row = pairwiseRow(index);
    text += `${[row.id, `He asked "${row.prompt}"`, ...row.responses, row.source].map(quoteCsv).join(',')}\r\n`;
  }
  const bytes = new TextEncoder().encode(text);
  const chunks = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) chunks.push(bytes.subarray(offset, offset + chunkBytes));
  return chunks;
}
