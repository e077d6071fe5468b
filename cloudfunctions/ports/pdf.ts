/** A credential laid out for a PDF, with the watermark that names who, why and when (SPEC §2). */
export interface CredentialDocument {
  title: string
  sections: Array<{ title: string; fields: Array<{ label: string; value: string }> }>
  /** Lines repeated diagonally across every page; also written to the PDF's subject. */
  watermark: string[]
  /** Epoch ms, the PDF's creation date. */
  createdAt: number
}

export interface PdfRenderer {
  render(doc: CredentialDocument): Promise<Uint8Array>
}
