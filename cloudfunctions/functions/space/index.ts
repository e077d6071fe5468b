import { createPdfRenderer } from '../../adapters/pdf/pdfLibRenderer'
import { createFixtureRegistry, loadFixture } from '../../adapters/registry-sim/fixtureRegistry'
import { deployedMain } from '../deployed'
import { createSpaceHandler } from './handler'

/**
 * The deployed `space` function (CloudBase, handler `index.main`). The provincial registry's HTTP
 * adapter does not exist yet, so a deployment must name a fixture file (absolute path) in
 * REGISTRY_FIXTURE: a demo environment only, said loudly rather than silently simulating.
 */
export const main = deployedMain('space', (config, _app, base) => {
  if (!config.REGISTRY_FIXTURE) throw new Error('REGISTRY_FIXTURE must be set: no provincial registry adapter yet (demo only)')
  return createSpaceHandler({
    ...base,
    registry: createFixtureRegistry(loadFixture(config.REGISTRY_FIXTURE)),
    pdf: createPdfRenderer(),
  })
})
