import { inspect } from 'node:util'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { elements, propOf, WeappVm, type Found, type MpNode, type OpenDialog, type WeappVmOptions } from '../helpers/weappVm'
import { describeTarget, poll, targetParts, textMatches, type Driver, type Target } from './driver'

/**
 * The third scenario driver: the weapp build's own JavaScript, run headless in Node by
 * test/helpers/weappVm.ts (no WeChat DevTools). It reads the page's data tree (what Taro's
 * templates would render) and taps by calling the page's `eh` as WXML's bindtap="eh" would. See the
 * harness for what it does not emulate (rendering, CSS, native components, real touches).
 */
export interface WeappVmDriverOptions {
  /** The built mini-program folder (`npm run build:weapp:local` with TARO_OUTPUT_ROOT). */
  dir: string
  timeoutMs?: number
  pollMs?: number
  /** Where `shot` writes the screen's text outline (no pixels here). */
  shotDir?: string
  echoConsole?: boolean
  /** Every setData of every page (see WeappVmOptions.onSetData). */
  onSetData?: WeappVmOptions['onSetData']
}

const HOME = '/pages/index/index'

/** On screen: a page element, or a native dialog's text or button. */
interface Hit {
  found?: Found
  dialog?: OpenDialog
  button?: OpenDialog['buttons'][number]
}

export function weappVmDriver(opts: WeappVmDriverOptions): Driver & { vm(): WeappVm; close(): void; restart(o?: { online?: boolean }): Promise<void> } {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const pollMs = opts.pollMs ?? 25
  let app: WeappVm | null = null
  const polling = { timeoutMs, pollMs }
  /** Lets the bundle run its pending work, then checks (as each poll of the drivers does). */
  const settled = <T>(check: () => T | undefined) => async () => {
    await settle()
    return check()
  }

  const vm = (): WeappVm => {
    if (!app) throw new Error('weapp-vm: newPhone() first')
    return app
  }

  /** An exception the bundle threw in a callback, timer or request is a failure of the step. */
  function rethrow(): void {
    const errors = vm().errors.splice(0)
    if (errors.length) {
      const e = errors[0]
      throw new Error(`weapp-vm: the bundle threw: ${inspect(e)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`)
    }
  }

  async function settle(): Promise<void> {
    await vm().settle()
    rethrow()
  }

  function all(): Found[] {
    return elements(vm().current?.data.root, vm().templates)
  }

  const fullText = (n: MpNode): string => (n.v !== undefined && !n.cn ? n.v : (n.cn ?? []).map(fullText).join(''))

  /** What a native dialog on screen shows: its texts and buttons (a tap on a button answers it). */
  function dialogHits(target: Target): Hit[] {
    const { id, text } = targetParts(target)
    if (id !== undefined) return []
    const hits: Hit[] = []
    for (const d of vm().dialogs) {
      for (const t of d.texts) if (textMatches(t, text as string | RegExp)) hits.push({ dialog: d })
      for (const b of d.buttons) if (textMatches(b.label, text as string | RegExp)) hits.push({ dialog: d, button: b })
    }
    return hits
  }

  function find(target: Target): Hit | null {
    const { id, text, nth } = targetParts(target)
    // A dialog is on top of the page: its texts come first.
    const inDialog = dialogHits(target)
    if (inDialog[nth]) return inDialog[nth]
    const skip = inDialog.length
    const els = all()
    if (id !== undefined) {
      const f = els.find((e) => (e.node.uid ?? e.node.sid) === id)
      return f ? { found: f } : null
    }
    const want = text as string | RegExp
    // As the automator driver: elements with a text of their own, matched on their whole text,
    // the innermost of a run that contain each other.
    const found = els.filter((e) => e.ownText.trim() !== '').map((e) => ({ e, text: fullText(e.node) })).filter((c) => textMatches(c.text, want))
    const innermost = found.filter((c, i) => !(found[i + 1] && found[i + 1].text.length < c.text.length && c.text.includes(found[i + 1].text)))
    const f = innermost[nth - skip]?.e
    return f ? { found: f } : null
  }

  function waitFor(target: Target): Promise<Hit> {
    return poll(settled(() => find(target) ?? undefined), polling, () => `weapp-vm: ${describeTarget(target)} not on screen within ${timeoutMs} ms (page ${vm().current?.route})\n${screen()}`)
  }

  function screen(): string {
    const page = all()
      .filter((e) => e.ownText.trim() !== '')
      .map((e) => e.ownText.trim())
    const dialogs = vm().dialogs.flatMap((d) => [...d.texts, ...d.buttons.map((b) => `[${b.label}]`)])
    return [...page, ...dialogs].join('\n')
  }

  /** WeChat's event object for `eh`, made in the bundle's realm. */
  function mpEvent(type: string, target: MpNode, current: MpNode, detail: Record<string, unknown>) {
    const ref = (n: MpNode) => ({ id: n.uid ?? n.sid, offsetLeft: 0, offsetTop: 0, dataset: { sid: n.sid } })
    return vm().inRealm({ type, timeStamp: Date.now(), target: ref(target), currentTarget: ref(current), detail, touches: [], changedTouches: [], mark: {}, mut: false })
  }

  function callEh(type: string, target: MpNode, current: MpNode, detail: Record<string, unknown>): void {
    const page = vm().current
    const eh = page?.eh
    if (typeof eh !== 'function') throw new Error(`weapp-vm: page ${page?.route} has no eh handler`)
    eh.call(page, mpEvent(type, target, current, detail))
  }

  /** Bubbles an event the WXML way: the element, then each ancestor whose template binds it, until a catch. */
  function bubble(type: string, f: Found, detail: Record<string, unknown>): number {
    const chain = [f.node, ...[...f.ancestors].reverse()]
    let calls = 0
    for (const n of chain) {
      const tpl = vm().templates.get(String(n.nn))
      if (!tpl) continue
      if (tpl.bind.has(type) || tpl.catch.has(type)) {
        callEh(type, f.node, n, detail)
        calls++
      }
      if (tpl.catch.has(type)) break
    }
    return calls
  }

  return {
    platform: 'weapp',
    vm,
    close() {
      app?.close()
      app = null
    },
    async restart(o = {}) {
      // The app killed and opened again: a fresh JS context (nothing in memory), the same wx storage
      // (and the privacy agreement WeChat keeps); `online: false` opens it with no network.
      const storage = vm().storage
      app?.close()
      app = new WeappVm({ dir: opts.dir, echoConsole: opts.echoConsole, storage })
      app.privacyAgreed = true
      app.online = o.online ?? true
      await app.launch(HOME)
      await settle()
    },
    async newPhone() {
      // A new phone: a fresh JS context (no module state), empty storage, privacy not agreed.
      app?.close()
      app = new WeappVm({ dir: opts.dir, echoConsole: opts.echoConsole, onSetData: opts.onSetData })
      await app.launch(HOME)
      await settle()
    },
    async open(pagePath) {
      vm().wx.reLaunch({ url: pagePath.startsWith('/') ? pagePath : `/${pagePath}` })
      await settle()
    },
    async tap(target) {
      const hit = await waitFor(target)
      if (hit.dialog) {
        if (!hit.button) throw new Error(`weapp-vm: ${describeTarget(target)} is a dialog's text, not one of its buttons`)
        hit.button.tap()
        await settle()
        return
      }
      if (vm().dialogs.length) throw new Error(`weapp-vm: a dialog (“${vm().dialogs[0].texts.join(' / ')}”) covers the page; ${describeTarget(target)} cannot be tapped`)
      const f = hit.found!
      const button = [f.node, ...[...f.ancestors].reverse()].find((n) => vm().templates.get(String(n.nn))?.tag === 'button')
      if (button && propOf(button, 'disabled', vm().templates) === true) throw new Error(`weapp-vm: ${describeTarget(target)} is a disabled button`)
      const calls = bubble('tap', f, { x: 0, y: 0 })
      const native = button ? vm().nativeButtonTap(button) : null
      if (native && button) {
        const tpl = vm().templates.get(String(button.nn))
        if (tpl?.bind.has(native) || tpl?.catch.has(native)) callEh(native, button, button, {})
      } else if (calls === 0) {
        throw new Error(`weapp-vm: nothing on the way up from ${describeTarget(target)} binds tap`)
      }
      await settle()
    },
    async type(field, value) {
      const f = await poll(settled(() => all().filter((e) => e.tag === 'input' || e.tag === 'textarea')[field]), polling, () => `weapp-vm: no text field #${field + 1} on ${vm().current?.route}`)
      bubble('input', f, { value, cursor: value.length, keyCode: 0 })
      await settle()
    },
    async see(target) {
      await waitFor(target)
    },
    async gone(target) {
      await poll(settled(() => (find(target) ? undefined : true)), polling, () => `weapp-vm: ${describeTarget(target)} still on screen after ${timeoutMs} ms (page ${vm().current?.route})`)
    },
    async firstOf(targets) {
      return poll(
        settled(() => {
          const i = targets.findIndex((t) => find(t))
          return i < 0 ? undefined : i
        }),
        polling,
        () => `weapp-vm: none of ${targets.map(describeTarget).join(', ')} on screen (page ${vm().current?.route})\n${screen()}`,
      )
    },
    async shows(target) {
      await settle()
      return find(target) !== null
    },
    async screenText() {
      await settle()
      return screen()
    },
    async confirmNext(labels, tap) {
      const problems: string[] = []
      let answered = 0
      for (const label of labels) {
        vm().answerNext((ask) => {
          if (ask.kind !== 'modal') return 'leave'
          const confirmText = String(ask.options.confirmText ?? '确定')
          if (confirmText !== label) problems.push(`the dialog “${String(ask.options.content ?? ask.options.title)}” confirms with “${confirmText}”, not “${label}”`)
          answered++
          return { confirm: true, cancel: false }
        })
      }
      try {
        await tap()
        await poll(settled(() => (answered >= labels.length ? true : undefined)), polling, () => `weapp-vm: wx.showModal asked ${answered} of ${labels.length} times`)
        if (problems.length) throw new Error(`weapp-vm: ${problems.join('; ')}`)
      } finally {
        vm().clearAnswerers()
      }
    },
    async chooseNext(item, tap) {
      let answered = false
      let missing: string[] | null = null
      vm().answerNext((ask) => {
        if (ask.kind !== 'actionSheet') return 'leave'
        answered = true
        const list = (ask.options.itemList as string[]) ?? []
        const i = list.indexOf(item)
        if (i < 0) {
          missing = list
          return { errMsg: 'showActionSheet:fail cancel' }
        }
        return { tapIndex: i }
      })
      try {
        await tap()
        await poll(settled(() => (answered ? true : undefined)), polling, () => 'weapp-vm: wx.showActionSheet was not asked')
        if (missing) throw new Error(`weapp-vm: the action sheet has no “${item}” (${(missing as string[]).join(' / ')})`)
      } finally {
        vm().clearAnswerers()
      }
    },
    async shot(name) {
      if (!opts.shotDir) return
      mkdirSync(opts.shotDir, { recursive: true })
      writeFileSync(path.join(opts.shotDir, `weappvm-${name}.txt`), `${vm().current?.route}\n\n${screen()}\n`)
    },
  }
}
