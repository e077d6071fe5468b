import { runHealthModel } from './healthModel'
const t = Date.now()
runHealthModel({ kind: (process.argv[2] as 'sqlite') ?? 'cloudbase', numRuns: Number(process.argv[3] ?? 150), seed: 20261122 }).then((r) => console.log(JSON.stringify(r), Date.now() - t, 'ms'))
