/**
 * Bad input to the capacity model (a precision the GPU cannot run, a context longer
 * than the model's, a tensor-parallel degree that cannot split the model). The message
 * names the field, the value and what is allowed; the CLI shows it as a user error.
 */
export class CapacityInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'CapacityInputError';
    this.field = field;
  }
}
