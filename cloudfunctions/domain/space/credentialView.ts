import { CREDENTIAL_TITLES } from '../../../types/space'
import { maskIdNumber, maskName } from '../mask'
import type { CredentialPayload } from './credential'

/** Masking for lists and summaries (SPEC §1: masked everywhere but the holder's detail page). */
export const maskNumber = (n: string) => maskIdNumber(n)
/**
 * Province (省/自治区), city (市/州/盟) and district (区/县/县级市/旗) are kept, the street and door
 * hidden: enough to tell two properties apart (seed 000 note 4: pick the one at the register's
 * address), too little to find the door. A district name is short and holds no digit, 路, 街 or 镇,
 * so a street ending in 区 (…小区) is not taken for one. Without a recognisable head only the first
 * two characters are kept: a street name and door number must not show on a list.
 */
const ADDRESS_HEAD = /^((?:[^省市]{2,7}?(?:省|自治区))?(?:[^省市区县]{2,9}?(?:市|自治州|州|盟|地区))?(?:[^\d路街道镇乡村号栋幢室房区县]{1,6}?(?:区|县|市|旗))?)/u
export function maskAddress(a: string): string {
  const head = ADDRESS_HEAD.exec(a)?.[1] ?? ''
  const chars = Array.from(a)
  const kept = head ? Array.from(head) : chars.slice(0, 2)
  return kept.length >= chars.length ? chars.join('') : `${kept.join('')}****`
}

/**
 * 粤（2018）惠州市不动产权第0061027号 → 粤（2018）惠州市不动产权第****027号: the brackets, year, city and
 * 第…号 stay readable (none of them is personal), only the serial's head is hidden. Any other shape
 * is masked like an ID number.
 */
export function maskCertificateNumber(n: string): string {
  const m = /^(.*第)(\d+)(号)$/u.exec(n)
  if (!m || m[2].length < 4) return maskNumber(n)
  return `${m[1]}${'*'.repeat(m[2].length - 3)}${m[2].slice(-3)}${m[3]}`
}

/** The register's address already starts with province and city in most records: show them once. */
export function registerAddress(d: { provinceName: string; cityName: string; address: string }): string {
  if (d.address.startsWith(d.provinceName)) return d.address
  if (d.address.startsWith(d.cityName)) return `${d.provinceName}${d.address}`
  return `${d.provinceName}${d.cityName}${d.address}`
}

export function maskedSummary(p: CredentialPayload): string {
  switch (p.type) {
    case 'id_card':
      return `${maskName(p.data.name)} · ${maskIdNumber(p.data.idNumber)}`
    case 'household_register': {
      const kind = p.data.collective ? '集体户' : '家庭户'
      return `户号 ${maskNumber(p.data.householdNumber)} · ${p.data.provinceName}${p.data.cityName} · ${kind}`
    }
    case 'birth_certificate':
      return `编号 ${maskNumber(p.data.certificateNumber)} · 新生儿 ${maskName(p.data.newbornName)}`
    case 'property':
      return `${maskCertificateNumber(p.data.certificateNumber)} · ${maskAddress(p.data.address)}`
  }
}

type Field = { key: string; label: string; value: string }
type Section = { title: string; fields: Field[] }
const f = (key: string, label: string, value: string | null | undefined): Field => ({ key, label, value: value ?? '—' })

/** The full fields, for the holder's own detail page and PDF (after a recent verification). */
export function detailSections(p: CredentialPayload): Section[] {
  const title = CREDENTIAL_TITLES[p.type]
  switch (p.type) {
    case 'id_card': {
      const d = p.data
      return [{ title, fields: [f('name', '姓名', d.name), f('sex', '性别', d.sex), f('birthDate', '出生日期', d.birthDate), f('idNumber', '公民身份号码', d.idNumber)] }]
    }
    case 'household_register': {
      const d = p.data
      const head = d.members.find((m) => m.idNumber === d.headIdNumber)
      const main: Section = {
        title,
        fields: [
          f('householdNumber', '户号', d.householdNumber),
          f('householdType', '户别', d.collective ? '集体户' : '家庭户'),
          f('head', '户主姓名', head?.name ?? (d.collective ? '（集体户无户主）' : null)),
          f('address', '住址', registerAddress(d)),
        ],
      }
      const members = d.members.map((m, i) => ({
        title: `常住人口登记卡（${m.relation}）`,
        fields: [
          f(`members.${i}.name`, '姓名', m.name),
          f(`members.${i}.formerNames`, '曾用名', m.formerNames.join('、') || '无'),
          f(`members.${i}.sex`, '性别', m.sex),
          f(`members.${i}.birthDate`, '出生日期', m.birthDate),
          f(`members.${i}.idNumber`, '公民身份号码', m.idNumber),
          f(`members.${i}.relation`, '与户主关系', m.relation),
        ],
      }))
      return [main, ...members]
    }
    case 'birth_certificate': {
      const d = p.data
      return [
        {
          title,
          fields: [
            f('certificateNumber', '出生医学证明编号', d.certificateNumber),
            f('newbornName', '新生儿姓名', d.newbornName),
            f('sex', '性别', d.sex),
            f('birthTime', '出生时间', d.birthTime.replace('T', ' ').replace('+08:00', '')),
            f('birthPlace', '出生地点', `${d.provinceName}${d.cityName}`),
            f('hospital', '接生机构', d.hospital),
            f('mother.name', '母亲姓名', d.mother.name),
            f('mother.idNumber', '母亲身份证号码', d.mother.idNumber),
            f('father.name', '父亲姓名', d.father?.name),
            f('father.idNumber', '父亲身份证号码', d.father?.idNumber),
          ],
        },
      ]
    }
    case 'property': {
      const d = p.data
      const owners = d.owners.flatMap((o, i) => [f(`owners.${i}.name`, `权利人${i + 1}`, o.name), f(`owners.${i}.idNumber`, `权利人${i + 1}证件号码`, o.idNumber)])
      return [{ title, fields: [f('certificateNumber', '不动产权证书号', d.certificateNumber), f('address', '坐落', d.address), ...owners] }]
    }
  }
}

/** How each field is masked on the detail page before the face check (SPEC §1: masked on screen). */
function maskField(key: string, value: string): string {
  if (value === '—' || value === '无') return value
  const leaf = key.split('.').pop() ?? key
  if (leaf === 'name' || leaf === 'newbornName' || leaf === 'head' || leaf === 'formerNames') return value.split('、').map(maskName).join('、')
  if (leaf === 'idNumber' || leaf === 'householdNumber') return maskNumber(value)
  if (leaf === 'certificateNumber') return maskCertificateNumber(value)
  if (leaf === 'address') return maskAddress(value)
  if (leaf === 'birthDate') return `${value.slice(0, 4)}-**-**`
  if (leaf === 'birthTime') return `${value.slice(0, 4)}-**-** **:**`
  // Sex, relation, household type, birth place (province and city), hospital: not identifying alone.
  return value
}

/** The detail page's rows before the face check: the same labels, every personal value masked. */
export function maskedSections(p: CredentialPayload): Section[] {
  return detailSections(p).map((s) => ({ title: s.title, fields: s.fields.map((x) => ({ ...x, value: maskField(x.key, x.value) })) }))
}
