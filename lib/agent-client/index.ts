// The agent client's public surface: what an agent imports to buy judgments over L402.
export { findL402Challenge, type ChallengeSearch, type L402Challenge } from './challenge';
export { decodeChallengeInvoice, type ChallengeInvoice } from './challenge-invoice';
export { checkChallengeBeforePaying, type ApprovedInvoice } from './check-challenge';
export { createAgentClient, type AgentClient, type AgentClientOptions, type CreatedJob } from './client';
export {
  AgentApiError,
  AgentResponseError,
  L402Error,
  type L402ErrorCode,
  type L402PaymentFailureCode,
  type L402RefusalCode,
  type Problem,
} from './errors';
export {
  createL402Fetch,
  type L402Fetch,
  type L402FetchOptions,
  type L402RequestInit,
  type L402Response,
  type PayInvoice,
} from './l402-fetch';
export { formatL402Authorization, type L402Token } from './l402-token';
export { readMacaroonPaymentHash } from './macaroon-payment-hash';
export * from './schemas';
