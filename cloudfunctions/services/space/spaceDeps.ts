import type { PdfRenderer } from '../../ports/pdf'
import type { Registry } from '../../ports/registry'
import type { Deps } from '../deps'

/** The space function needs the registry and a PDF maker on top of what auth needs. */
export interface SpaceDeps extends Deps {
  registry: Registry
  pdf: PdfRenderer
}
