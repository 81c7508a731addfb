// The requester's own gold labels for a few demo prompts (exact prompt text). Free of server-only imports, so the
// e2e exam can read the same answers the seed stores.
export const intentGold: Record<string, string> = {
  'When did the nuclear disaster at Chernobyl happen?': 'Facts or explanation',
  'Write a song about Angela Merkel in the style of The Beatles.': 'Creative writing',
  'Could you please give me a python script to dynamically deserialize json?': 'Code or technical help',
  'What is the best way to form a new habit?': 'Advice or how-to',
  'How cold is it in Antarctica?': 'Facts or explanation',
};
