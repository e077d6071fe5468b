import { maskIdNumber, maskName } from '../domain/mask'
import type { FieldCipher } from '../ports/cipher'

/** Decrypts an identity's personal fields; callers decide whether they leave the server masked. */
export function readIdentity(cipher: FieldCipher, x: { nameCipher: string; idNumberCipher: string }) {
  return { name: cipher.decrypt(x.nameCipher), idNumber: cipher.decrypt(x.idNumberCipher) }
}

export function maskedIdentity(cipher: FieldCipher, x: { nameCipher: string; idNumberCipher: string }) {
  const { name, idNumber } = readIdentity(cipher, x)
  return { maskedName: maskName(name), maskedIdNumber: maskIdNumber(idNumber) }
}
