// Shared by the job registry and the delivery code, which must agree on when the last attempt has failed.
/** pg-boss retries after the first attempt: a delivery gets WEBHOOK_RETRY_LIMIT + 1 attempts in all. */
export const WEBHOOK_RETRY_LIMIT = 8;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_LIMIT + 1;
