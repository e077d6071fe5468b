import { Text, View } from '@tarojs/components'
import { noticeLines } from '../../../cloudfunctions/domain/consent/notice'

/**
 * 授权说明 exactly as its canonical text says (cloudfunctions/domain/consent/notice.ts): the title
 * line, then each `标签：内容` line as it stands. The page renders the text it will send the hash
 * of, so what is read and what is hashed cannot drift. `omitAgree`: the 同意声明 line is the
 * checkbox's own label on this page.
 */
export function NoticeText({ text, inset, omitAgree }: { text: string; inset?: boolean; omitAgree?: boolean }) {
  const { title, rows } = noticeLines(text)
  return (
    <View className={`cs-notice${inset ? ' cs-notice--inset' : ''}`} data-notice>
      <Text className='cs-notice__title'>{title}</Text>
      {rows.filter((r) => !(omitAgree && r.k === '同意声明')).map((r, i) => (
        // One text per line, as the canonical text has it: it reads (and wraps) as prose, label and all.
        <Text key={i} className='cs-notice__line'>{r.k ? `${r.k}：${r.v}` : r.v}</Text>
      ))}
    </View>
  )
}
