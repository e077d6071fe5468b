import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { PartView } from '../../../types/consentModels'
import { SPACE_PAGES } from '../../services/space'
import { StatusTag } from './Row'
import { control } from '../../components/a11y'

/** What the signer has ticked for one part: on/off, the chosen item, the fields. */
export type Pick = { on: boolean; optionId?: string; fields: string[] }

/** Signer reasons whose way out is a page of the digital space (SPEC §3 关联被监护人). */
const WAY_OUT: Record<string, { label: string; url: string }> = {
  NOT_LINKED: { label: '去关联被监护人', url: SPACE_PAGES.link },
}

function Fields({ part, pick, onToggle }: { part: PartView; pick?: Pick; onToggle: (key: string) => void }) {
  const granted = part.grantedFields?.map((f) => f.key) ?? null
  const withheld = granted ? part.fields.filter((f) => !granted.includes(f.key)) : []
  return (
    <>
      <Text className='cs-part__note'>{pick ? '授权内容（可取消不需要的项，最小化授权）：' : granted ? '已授权的内容：' : '申请的内容：'}</Text>
      <View className='cs-fields'>
        {part.fields.map((f) => {
          const on = pick ? pick.on && pick.fields.includes(f.key) : granted ? granted.includes(f.key) : false
          // The key changes with the mode: a chip that stops being tappable is a new <Text>, never one that
          // loses its tap. In WeChat, Taro 4.2 crashes unbinding a Text's last listener (no 'pure-text'
          // template; NervJS/taro#19453), which broke every later tap in the app after signing.
          return (
            <Text {...(pick ? control('checkbox', { checked: on }) : {})} key={`${f.key}:${pick ? 'pick' : 'view'}`} className={`cs-field${on ? ' cs-field--on' : ''}`} onClick={pick ? () => onToggle(f.key) : undefined}>
              {f.label}
            </Text>
          )
        })}
      </View>
      {withheld.length > 0 && <Text className='cs-part__note' data-withheld>未授权：{withheld.map((f) => f.label).join('、')}</Text>}
      {pick && pick.on && pick.fields.length === 0 && <Text className='cs-part__note cs-part__note--bad'>请至少勾选一项授权内容，或取消勾选该证照</Text>}
    </>
  )
}

/** One credential of the request: its state, what this viewer may do with it, and the fields. */
export function PartCard({ part, pick, expired, onChange, onDecline }: { part: PartView; pick?: Pick; expired: boolean; onChange: (p: Pick) => void; onDecline: () => void }) {
  const e = part.eligibility
  const toggleField = (key: string) => {
    if (!pick) return
    const fields = pick.fields.includes(key) ? pick.fields.filter((f) => f !== key) : [...pick.fields, key]
    onChange({ ...pick, fields })
  }
  const open = !expired && part.status !== 'signed'
  const wayOut = e.kind === 'not_signer' ? WAY_OUT[e.reason.code] : undefined
  return (
    <View className='cs-part' data-part={part.key}>
      <View {...(pick ? control('checkbox', { checked: pick.on }) : {})} className='cs-part__head' onClick={pick ? () => onChange({ ...pick, on: !pick.on }) : undefined}>
        <View style={{ display: 'flex', alignItems: 'center' }}>
          {pick && <View className={`cs-box${pick.on ? ' cs-box--on' : ''}`}>{pick.on ? '✓' : ''}</View>}
          <Text>{part.title}</Text>
        </View>
        <StatusTag status={part.status} />
      </View>
      <View className='cs-part__body'>
        {part.status === 'signed' && <Text className='cs-part__note'>{part.signedByMe ? '您已授权' : `已由 ${part.signedBy ?? '家人'} 授权`}</Text>}
        {open && part.status === 'unavailable' && e.kind === 'signable' && part.reason && (
          <Text className='cs-part__note cs-part__note--warn'>家人已说明：{part.reason.message}。您是该证照的授权人，仍可在线签署授权。</Text>
        )}
        {part.status !== 'signed' && e.kind === 'unsignable' && (
          <Text className='cs-part__note cs-part__note--bad'>{e.reason.message}。报名时将按“待审类（含未授权）”办理，现场出示纸质材料核验。</Text>
        )}
        {open && e.kind === 'not_signer' && <Text className='cs-part__note cs-part__note--warn'>{e.reason.message}</Text>}
        {open && wayOut && (
          <View className='cs-consent__actions'>
            <Text {...control('button')} className='cs-link' onClick={() => void Taro.navigateTo({ url: wayOut.url })}>{wayOut.label} ›</Text>
          </View>
        )}
        {pick && e.kind === 'signable' && e.options.length > 1 && (
          <View>
            <Text className='cs-part__note'>有多套房产的，请选择与学生户口簿地址一致的房产：</Text>
            {e.options.map((o) => (
              <View {...control('radio', { checked: pick.optionId === o.optionId, disabled: !o.matches })} key={o.optionId} className={`cs-option${o.matches ? '' : ' cs-option--off'}`} onClick={o.matches ? () => onChange({ ...pick, optionId: o.optionId }) : undefined}>
                <View aria-hidden='true' className={`cs-radio${pick.optionId === o.optionId ? ' cs-radio--on' : ''}`} />
                <Text>{o.label}{o.matches ? ' · 与户口簿地址一致' : ' · 与户口簿地址不一致，不可选'}</Text>
              </View>
            ))}
          </View>
        )}
        {pick && e.kind === 'signable' && e.options.length === 1 && <Text className='cs-part__note'>{e.options[0].label}</Text>}
        <Fields part={part} pick={pick} onToggle={toggleField} />
        {part.canDecline && (
          <View className='cs-decline'>
            <Text {...control('button')} className='cs-link' onClick={onDecline}>无法在线授权？</Text>
          </View>
        )}
      </View>
    </View>
  )
}
