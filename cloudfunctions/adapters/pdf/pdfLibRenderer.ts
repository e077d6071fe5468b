import type { CredentialDocument, PdfRenderer } from '../../ports/pdf'

/**
 * Credential PDFs with pdf-lib, made inside the cloud function (no browser, no native code).
 * pdf-lib, fontkit, HarfBuzz's wasm and the 10 MB font are loaded on the first render only: the
 * space function's other actions (list, claim, detail…) start without them (cold start).
 */
export function createPdfRenderer(): PdfRenderer {
  return {
    async render(doc: CredentialDocument): Promise<Uint8Array> {
      const { renderCredentialPdf } = await import('./credentialPdf')
      return renderCredentialPdf(doc)
    },
  }
}
