import { viewerRole, type ViewerFacts } from '../../cloudfunctions/domain/consent/viewer'
import type { SignerFacts } from '../../cloudfunctions/domain/consent/signers'
import { fixture } from '../helpers/cloudClient'

/** Who opens a request (domain/consent/viewer.ts) over F14: the father heads the register, the mother is on it. */
const KID = '441302201806061711'
const facts = (signer: string): SignerFacts => ({
  signerIdNumber: signer,
  studentRegisters: fixture.households.filter((h) => h.members.some((m) => m.idNumber === KID)) as SignerFacts['studentRegisters'],
  birthCertificate: null,
  properties: [],
})
const none: ViewerFacts = { isStudent: false, studentUnder14: false, isApplicantParent: false, namedParent: false, signedAPart: false, canSignAPart: false }

describe('viewer role', () => {
  it('someone on the student’s register is family; a stranger is unrelated', () => {
    expect(viewerRole(none, facts('441302198308010976'))).toBe('family')
    expect(viewerRole(none, facts('440106199205132047'))).toBe('unrelated')
  })
  it.each([
    ['the applicant parent', { isApplicantParent: true }],
    ['a parent named on the birth certificate', { namedParent: true }],
    ['an owner who can sign the property', { canSignAPart: true }],
    ['someone who signed a part before', { signedAPart: true }],
  ])('%s is family even off the register', (_n, over) => {
    expect(viewerRole({ ...none, ...over }, facts('440106199205132047'))).toBe('family')
  })
  it('the student herself: under 14 only a guardian authorizes (PIPL art. 31)', () => {
    expect(viewerRole({ ...none, isStudent: true, studentUnder14: true }, facts(KID))).toBe('student_minor')
    expect(viewerRole({ ...none, isStudent: true }, facts(KID))).toBe('student')
  })
})
