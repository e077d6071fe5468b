import { Text, View } from '@tarojs/components'
import type { CredentialSummary } from '../../../types/space'
import './space.scss'

const ICON: Record<CredentialSummary['type'], string> = { id_card: '身', household_register: '户', birth_certificate: '出', property: '房' }

/** A held credential in a list: title, masked summary, whose it is; opens the detail page. */
export function CredentialRow({ credential, onClick }: { credential: CredentialSummary; onClick: () => void }) {
  const ward = credential.subject.kind === 'ward' ? credential.subject : null
  return (
    <View className='cred' hoverClass='cell--hover' onClick={onClick}>
      <View className={`cred__icon cred__icon--${credential.type}`}>{ICON[credential.type]}</View>
      <View className='cred__main'>
        <View className='cred__title'>
          <Text>{credential.title}</Text>
          {ward && <Text className='tag tag--blue'>{ward.label} {ward.maskedName}</Text>}
        </View>
        <Text className='cred__summary'>{credential.maskedSummary}</Text>
      </View>
      <Text className='cell__arrow'>›</Text>
    </View>
  )
}
