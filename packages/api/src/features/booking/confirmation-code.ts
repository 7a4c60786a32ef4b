/**
 * 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), read out over
 * the phone without spelling: 31^8 ≈ 8.5 × 10^11 codes. Uniqueness per tenant is the
 * database's job (unique index); a collision retries the booking.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function confirmationCode(): string {
  // 256 is not a multiple of 31: reject bytes ≥ 248 so every character is equally likely.
  let code = '';
  while (code.length < 8) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < 248 && code.length < 8) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code;
}
