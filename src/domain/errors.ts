// Refused input, found by the domain layer: a path to the input field at fault,
// a message and a code. The API answers them as userErrors (nothing written);
// the seed loader turns the path into a file and entry.
export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

/** Thrown inside a write to refuse it; the transaction rolls back. */
export class WriteRefused extends Error {
  override name = 'WriteRefused';
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => `${e.field?.join('.') ?? 'input'}: ${e.message}`).join('; '));
  }
}

export function refuse(code: string, message: string, field: string[] | null = null): never {
  throw new WriteRefused([{ field, message, code }]);
}
