// What the typed walk-through (walkthrough.ts) needs from outside the API, apart so the test can name it without
// pulling the generated types into the root tsc.

/** What happens beside the API calls: a wallet pays, workers answer and the team reviews, the export job runs. */
export type WalkthroughWorld = {
  payInvoice: (invoice: { bolt11: string; paymentHash: string; amountSats: number }) => Promise<void>;
  answerEverything: (projectId: string) => Promise<void>;
  approveInReview: (judgmentIds: string[]) => Promise<void>;
  buildExport: (exportId: string) => Promise<void>;
};

export type WalkthroughOptions = { baseUrl: string; key: string; jsonl: string; world: WalkthroughWorld };
