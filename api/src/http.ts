import { ErrorBody } from '@cmss/shared';

/** Response schema entries for the error statuses a route can answer, all with the uniform body. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

/**
 * Response headers for OpenAPI (`withHeaders`): @fastify/swagger documents a response schema's `headers`.
 * The Location header of a 201, with an example path of what the route creates:
 */
export const locationHeader = (example: string) => ({
  location: { type: 'string', description: 'Path of the resource created', examples: [example] },
});
export const ETAG_HEADER = {
  etag: {
    type: 'string',
    description: 'The record’s version as an entity-tag: send it back in If-Match to update or deactivate',
    examples: ['"3"'],
  },
};

/** A response schema that also documents the headers the route sends with it. */
export function withHeaders<T extends object>(schema: T, ...headers: Record<string, object>[]): T {
  return { ...schema, headers: Object.assign({}, ...headers) };
}
