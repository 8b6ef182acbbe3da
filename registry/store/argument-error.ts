/** A caller handed a store method a malformed argument (the stores check their input before touching the database). */
export class RegistryArgumentError extends TypeError {
  override readonly name = 'RegistryArgumentError';
}
