/**
 * Every provider answer is checked against a TypeBox schema before a single field is used; a body
 * that does not match is a permanent failure (see malformedAnswer), never a half-read object.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export interface AnswerValidator<T extends TSchema> {
  /** The value typed by the schema, or the list of problems (instance path + message). */
  check(value: unknown): { ok: true; value: Static<T> } | { ok: false; problems: string[] };
}

export function answerValidator<T extends TSchema>(schema: T): AnswerValidator<T> {
  const compiled = Compile(schema);
  return {
    check(value) {
      if (compiled.Check(value)) return { ok: true, value: value as Static<T> };
      const problems = compiled.Errors(value).map((e) => `${e.instancePath || '/'} ${e.message}`);
      return { ok: false, problems: problems.length ? problems : ['does not match the schema'] };
    },
  };
}

/** JSON.parse that never throws: undefined for an empty or unreadable body. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
