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
