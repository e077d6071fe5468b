import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuthData, VerifyMethod } from '../../types/auth'
import { verifyAndLogin } from '../services/auth'
import { callAuth, CloudError } from '../services/cloud'
import { getDemoUser } from '../services/demoUser'
import { PAGES, usesLocalCloud } from '../services/platform'
import { takeReturnAfterLogin } from '../services/returnAfterLogin'

type Options = AuthData['options']
type Phase =
  | { kind: 'loading' }
  | { kind: 'loadFailed'; error: CloudError }
  | { kind: 'form' }
  | { kind: 'busy' }
  | { kind: 'failed'; error: CloudError }

/** Errors that belong next to a field instead of replacing the form. */
const FIELD_ERRORS = { ID_NUMBER_INVALID: 'idNumber' } as const

const asCloudError = (e: unknown) =>
  e instanceof CloudError ? e : new CloudError('INTERNAL', '系统繁忙，请稍后重试', '')

/** SPEC §1 login: method choice, identity form, verification and each failure's next step. */
export function useLoginFlow() {
  const [options, setOptions] = useState<Options | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [method, setMethod] = useState<VerifyMethod>('face')
  const [useKnown, setUseKnown] = useState(false)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  /** The form holds the demo account's real-name info untouched: show it masked, not in inputs. */
  const [prefilled, setPrefilled] = useState(false)
  const [agreed, setAgreed] = useState(false)
  const [fieldError, setFieldError] = useState<{ idNumber?: string; form?: string }>({})

  const load = useCallback(async () => {
    setPhase({ kind: 'loading' })
    try {
      const opts = await callAuth({ action: 'options' })
      setOptions(opts)
      setMethod(opts.defaultMethod)
      setUseKnown(Boolean(opts.knownIdentity))
      // H5: the demo user's "WeChat real-name info" prefills the form; the tester may change it.
      const suggested = usesLocalCloud ? getDemoUser()?.suggested : null
      if (!opts.knownIdentity && suggested) {
        setName(suggested.name)
        setIdNumber(suggested.idNumber)
        setPrefilled(true)
      }
      setPhase({ kind: 'form' })
    } catch (e) {
      setPhase({ kind: 'loadFailed', error: asCloudError(e) })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const isAvailable = (m: VerifyMethod) => options?.methods.find((x) => x.method === m)?.available ?? m === 'face'

  const run = useCallback(
    async (m: VerifyMethod) => {
      setFieldError({})
      setPhase({ kind: 'busy' })
      try {
        const me = await verifyAndLogin(useKnown ? { method: m } : { method: m, name: name.trim(), idNumber: idNumber.trim() })
        if (!me) {
          setPhase({ kind: 'form' })
          return
        }
        // Back to a page opened before login (a consent request from its QR code), else home.
        await Taro.reLaunch({ url: takeReturnAfterLogin() ?? PAGES.home })
      } catch (e) {
        const error = asCloudError(e)
        const field = FIELD_ERRORS[error.code as keyof typeof FIELD_ERRORS]
        if (field) {
          setFieldError({ [field]: error.message })
          setPhase({ kind: 'form' })
        } else if (error.code === 'BAD_REQUEST' || error.code === 'NETWORK') {
          setFieldError({ form: [error.message, error.hint].filter(Boolean).join('，') })
          setPhase({ kind: 'form' })
        } else {
          setPhase({ kind: 'failed', error })
        }
      }
    },
    [useKnown, name, idNumber],
  )

  const start = useCallback(() => {
    if (!useKnown && (!name.trim() || !idNumber.trim())) {
      setFieldError({ form: '请填写姓名和身份证号码' })
      return
    }
    if (!agreed) {
      void Taro.showToast({ title: '请先阅读并同意用户服务协议和个人信息保护政策', icon: 'none' })
      return
    }
    void run(method)
  }, [useKnown, name, idNumber, agreed, method, run])

  /** Another method is another consent step (seed 002: 选择…登录，点击同意事项). */
  const switchMethod = useCallback((m: VerifyMethod) => {
    setMethod(m)
    setAgreed(false)
    setFieldError({})
    setPhase({ kind: 'form' })
  }, [])

  return {
    phase,
    options,
    method,
    isAvailable,
    known: useKnown ? options?.knownIdentity ?? null : null,
    notMe: () => {
      setUseKnown(false)
      setPrefilled(false)
      setName('')
      setIdNumber('')
    },
    prefilled,
    /** 使用其他身份信息: leave the prefilled identity and type one by hand. */
    typeOther: () => {
      setPrefilled(false)
      setName('')
      setIdNumber('')
      setFieldError({})
    },
    name,
    // A message about what was typed goes once a field changes (it may be fixed now).
    setName: (v: string) => {
      setName(v)
      setFieldError((f) => ({ ...f, form: undefined }))
    },
    idNumber,
    setIdNumber: (v: string) => {
      setIdNumber(v)
      setFieldError((f) => ({ ...f, idNumber: undefined, form: undefined }))
    },
    agreed,
    toggleAgreed: () => setAgreed((a) => !a),
    fieldError,
    start,
    retry: () => void run(method),
    switchMethod,
    backToForm: () => setPhase({ kind: 'form' }),
    reload: load,
  }
}
