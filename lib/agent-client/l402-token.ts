// The credentials an agent holds after paying: what it sends back in `Authorization`. Kept in its own module so
// errors and the fetch wrapper can share the type without importing each other.
export type L402Token = {
  /** Base64 macaroon exactly as the server sent it in the challenge. */
  macaroon: string;
  /** 64 lowercase hex digits; sha256 of it is the payment hash inside the macaroon. */
  preimage: string;
};

/** `Authorization: L402 <macaroon>:<preimage>`: the current scheme name, never the legacy LSAT. */
export function formatL402Authorization(token: L402Token): string {
  return `L402 ${token.macaroon}:${token.preimage}`;
}
