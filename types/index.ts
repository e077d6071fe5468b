export * from './errors'
export * from './auth'
export * from './simulation'
export * from './space'
