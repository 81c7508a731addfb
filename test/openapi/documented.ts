// The two published documents with a response validator each, built on first use (the team document imports every
// route, so tests that mock the session layer must have done so first).
import { createResponseValidator, type LiveResponse } from './response-validator';

type Api = 'team' | 'agent';
const validators = new Map<Api, (response: LiveResponse) => string[]>();

async function validatorOf(api: Api) {
  let validator = validators.get(api);
  if (!validator) {
    const document = api === 'team'
      ? (await import('@/lib/api/openapi')).getOpenApiDocument()
      : (await import('@/lib/agents/openapi')).getAgentOpenApiDocument();
    validator = createResponseValidator(document, `urn:boltwork:openapi:${api}`);
    validators.set(api, validator);
  }
  return validator;
}

/** Every way the response breaks its API's OpenAPI document; `path` is relative to the document's server URL. */
export async function findOpenApiViolations(api: Api, response: LiveResponse): Promise<string[]> {
  return (await validatorOf(api))(response);
}

export async function expectDocumented(api: Api, response: LiveResponse): Promise<void> {
  const problems = await findOpenApiViolations(api, response);
  if (problems.length > 0) throw new Error(`The response does not match the ${api} API's OpenAPI document:\n  ${problems.join('\n  ')}`);
}
