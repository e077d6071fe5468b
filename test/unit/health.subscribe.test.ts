import { askForReminders } from '../../src/health/subscribe'

/** The daily form asks for the reminder template inside the submit tap, in WeChat only, and never fails because of it. */
describe('askForReminders', () => {
  it('in WeChat asks for the server\'s template, synchronously (still inside the tap)', async () => {
    const calls: unknown[] = []
    const pending = askForReminders('TPL-1', 'weapp', async (o) => void calls.push(o))
    expect(calls).toEqual([{ tmplIds: ['TPL-1'] }]) // before any await
    await expect(pending).resolves.toBeUndefined()
  })

  it('a refusal, a rejected promise or a throw never reaches the submission', async () => {
    await expect(askForReminders('TPL-1', 'weapp', () => Promise.reject({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture' }))).resolves.toBeUndefined()
    await expect(askForReminders('TPL-1', 'weapp', () => { throw new Error('not supported') })).resolves.toBeUndefined()
    await expect(askForReminders('TPL-1', 'weapp', undefined)).resolves.toBeUndefined()
  })

  it('asks nothing in H5 or without a template', async () => {
    const request = jest.fn(async () => ({}))
    await askForReminders('TPL-1', 'h5', request)
    await askForReminders(null, 'weapp', request)
    expect(request).not.toHaveBeenCalled()
  })
})
