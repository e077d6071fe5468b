import { describeConsentModel } from '../model/describeConsentModel'

// The QR image of each new request is not what this test is about, and drawing it was half the run.
jest.mock('../../cloudfunctions/adapters/qr/qrDataUrl', () => ({ qrDataUrl: async () => 'data:image/png;base64,' }))

/** The consent request lifecycle, model-based (test/model/consentModel.ts), over the CloudBase stores on the in-memory DocDb. */
describeConsentModel('cloudbase')
