import { Text, View } from '@tarojs/components'
import type { CredentialSummary } from '../../../types/space'
import './space.scss'
import { control } from '../../components/a11y'

const ICON: Record<CredentialSummary['type'], string> = { id_card: '身', household_register: '户', birth_certificate: '出', property: '房' }

/** A held credential in a list: title, masked summary, whose it is, an optional status tag; opens it. */
export function CredentialRow({ credential, onClick, tag }: { credential: CredentialSummary; onClick: () => void; tag?: string }) {
  const ward = credential.subject.kind === 'ward' ? credential.subject : null
  return (
    <View {...control('button')} className='cred' hoverClass='cell--hover' onClick={onClick}>
      <View className={`cred__icon cred__icon--${credential.type}`}>{ICON[credential.type]}</View>
      <View className='cred__main'>
        <View className='cred__title'>
          <Text>{credential.title}</Text>
          {ward && <Text className='tag tag--blue'>{ward.label} {ward.maskedName}</Text>}
          {tag && <Text className='tag tag--green'>{tag}</Text>}
        </View>
        <Text className='cred__summary'>{credential.maskedSummary}</Text>
      </View>
      <Text className='cell__arrow' aria-hidden='true'>›</Text>
    </View>
  )
}
