import { ErrorBody } from '@cmss/shared';

/** Response schema entries for the error statuses a route can answer, all with the uniform body. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}
