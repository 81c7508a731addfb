// The PostgreSQL NOTIFY channel a stored answer wakes the quality evaluator on (lib/quality/evaluator.ts).
// Isomorphic constant: the submit statement notifies it, the job worker listens.
export const JUDGMENTS_CHANNEL = 'boltwork_judgments';
