import { Text, View } from '@tarojs/components'
import { noticeLines } from '../../../cloudfunctions/domain/consent/notice'

/**
 * 授权说明 exactly as its canonical text says (cloudfunctions/domain/consent/notice.ts): the title
 * line, then each `标签：内容` line as it stands. The page renders the text it will send the hash
 * of, so what is read and what is hashed cannot drift. `omitAgree`: the 同意声明 line is the
 * checkbox's own label on this page.
 */
/**
 * A short bracketed word (（投靠父母）, （演示）) stays on one line: in a narrow card at 1.6× it
 * would otherwise break inside. The text read is unchanged (inline pieces, no added characters).
 */
function keepWhole(line: string) {
  const parts = line.split(/(（[^（）]{1,6}）)/)
  if (parts.length === 1) return line
  return parts.map((p, i) => (i % 2 === 1 ? <Text key={i} style={{ whiteSpace: 'nowrap' }}>{p}</Text> : p))
}

export function NoticeText({ text, inset, omitAgree }: { text: string; inset?: boolean; omitAgree?: boolean }) {
  const { title, rows } = noticeLines(text)
  return (
    <View className={`cs-notice${inset ? ' cs-notice--inset' : ''}`} data-notice>
      <Text className='cs-notice__title'>{title}</Text>
      {rows.filter((r) => !(omitAgree && r.k === '同意声明')).map((r, i) => (
        // One text per line, as the canonical text has it: it reads (and wraps) as prose, label and all.
        <Text key={i} className='cs-notice__line'>{keepWhole(r.k ? `${r.k}：${r.v}` : r.v)}</Text>
      ))}
    </View>
  )
}
