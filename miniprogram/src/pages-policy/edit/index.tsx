// Draft a notice (staff): title, body, attachments (PDF or images), issuer, area, audience tags, dates.
// Saved as a draft; submitted for another staff member's review. The server sanitizes the body.
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { PolicyArea, PolicyAttachment, PolicyDetail, PolicyInput } from '../../../../typings/api'
import { call, uploadFile } from '../../api/client'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { SectionTitle } from '../../components/SectionTitle'
import Sheet from '../../components/Sheet'
import { Loading } from '../../components/States'
import { useCatalog } from '../../hooks/useCatalog'
import { loadMe, useMe } from '../../hooks/useMe'
import { htmlToText, textToHtml } from '../../lib/policy'
import { toast } from '../../lib/toast'
import ReviewActions from '../components/ReviewActions'
import { useTags } from '../components/useTags'
import '../components/policy.css'

const PUBLISHERS = ['dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin']
const MAX_BYTES = 20 * 1024 * 1024

function Editor() {
  const id = useRouter().params.id
  const { me } = useMe()
  const catalog = useCatalog()
  const { tags } = useTags()
  const county = me?.role === 'county_admin' || me?.role === 'county_dispatcher'
  const ownIssuer: PolicyInput['issuer'] =
    me?.role === 'township_supervisor' ? { kind: 'township', id: me.scope.townshipId } : me?.role === 'dept_handler' ? { kind: 'department', id: me.scope.departmentId } : { kind: 'county' }
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [attachments, setAttachments] = useState<PolicyAttachment[]>([])
  const [picked, setPicked] = useState<string[]>([])
  const [areaIds, setAreaIds] = useState<string[]>([])
  const [expiry, setExpiry] = useState('')
  const [saved, setSaved] = useState<PolicyDetail | null>(null)
  const [sheet, setSheet] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!id) return
    call('policy', 'detail', { policyId: id })
      .then((p) => {
        setSaved(p)
        setTitle(p.title)
        setBody(htmlToText(p.body))
        setAttachments(p.attachments)
        setPicked(p.tags)
        // A township's own-township area is shown as 全域 (no villages picked).
        setAreaIds(p.issuer.kind === 'township' && p.area.kind !== 'villages' ? [] : p.area.ids)
        if (p.expiresAt) setExpiry(p.expiresAt.slice(0, 10))
      })
      .catch(() => {})
  }, [id])

  if (!me || !catalog) return <Loading rows={3} />
  const issuer = saved ? { kind: saved.issuer.kind, ...(saved.issuer.id ? { id: saved.issuer.id } : {}) } : ownIssuer
  // A township addresses its villages (or itself); the county and departments pick townships (or the county).
  const townshipIssuer = issuer.kind === 'township'
  const options = townshipIssuer ? catalog.villages.filter((v) => v.townshipId === issuer.id) : catalog.townships
  const area: PolicyArea = townshipIssuer
    ? areaIds.length ? { kind: 'villages', ids: areaIds } : { kind: 'townships', ids: [issuer.id!] }
    : areaIds.length ? { kind: 'townships', ids: areaIds } : { kind: 'county', ids: [] }
  const areaText = areaIds.length
    ? areaIds.map((x) => options.find((o) => o._id === x)?.name ?? x).join('、')
    : townshipIssuer ? `${catalog.townships.find((t) => t._id === issuer.id)?.name ?? ''}全域` : '全县'

  const addFiles = async () => {
    try {
      const r = process.env.TARO_ENV === 'weapp'
        ? await Taro.chooseMessageFile({ count: 9 - attachments.length, type: 'all', extension: ['pdf', 'jpg', 'jpeg', 'png'] })
        : await Taro.chooseImage({ count: 9 - attachments.length })
      const files = ('tempFiles' in r ? r.tempFiles : []) as Array<{ path: string; size: number; name?: string; type?: string }>
      const m = me.uploadPrefix ? me : await loadMe(true)
      for (const f of files) {
        if (f.size > MAX_BYTES) {
          toast('单个附件不能超过 20 MB')
          continue
        }
        const pdf = /\.pdf$/i.test(f.name ?? f.path)
        const fileID = await uploadFile(f.path, m?.uploadPrefix ?? '', pdf ? 'pdf' : undefined)
        setAttachments((a) => [...a, { fileID, name: f.name ?? (pdf ? '附件.pdf' : '图片.jpg'), kind: pdf ? 'pdf' : 'image', size: f.size }])
      }
    } catch {
      /* cancelled or toast shown */
    }
  }

  const save = async (thenSubmit: boolean) => {
    if (title.trim().length < 4) return toast('标题至少 4 个字')
    if (!body.trim() && !attachments.length) return toast('请填写正文或上传附件')
    setBusy(true)
    try {
      let p = await call('policy', 'saveDraft', {
        ...(saved ? { policyId: saved._id } : {}),
        title: title.trim(),
        body: textToHtml(body),
        attachments,
        issuer,
        tags: picked,
        area,
        ...(expiry ? { expiryDate: expiry } : {})
      })
      if (thenSubmit) p = await call('policy', 'submitForReview', { policyId: p._id })
      setSaved(p)
      toast(thenSubmit ? '已提交审核' : '草稿已保存', 'success')
      if (thenSubmit) setTimeout(() => Taro.navigateBack().catch(() => {}), 600)
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }
  const editable = !saved || saved.allowed.includes('edit')

  return (
    <View className='ws-body'>
      <View className='ws-card'>
        <SectionTitle title='标题' required />
        <Input className='ws-input' id='ws-policy-title-input' placeholder='如：2026年外出务工人员返乡创业补贴申报通知' value={title} maxLength={80} onChange={setTitle} disabled={!editable} />
        <SectionTitle title='正文' required />
        <TextArea className='ws-textarea' id='ws-policy-body-input' placeholder='每段一行；发布前会由系统过滤不安全的内容' value={body} maxLength={20000} showCount onChange={setBody} disabled={!editable} />
        <View className='ws-mt8'>
          {attachments.map((a) => (
            <View key={a.fileID} className='ws-policy-attach'>
              <Text>{a.kind === 'pdf' ? '📄' : '🖼'} {a.name}</Text>
              {editable && <Text className='ws-link' onClick={() => setAttachments((x) => x.filter((y) => y.fileID !== a.fileID))}>删除</Text>}
            </View>
          ))}
          {editable && attachments.length < 9 && (
            <Button size='small' className='ws-mt8' onClick={addFiles}>
              添加附件（PDF 或图片）
            </Button>
          )}
        </View>
      </View>
      <View className='ws-card'>
        <SectionTitle title='发布范围' />
        <View className='ws-row' style={{ justifyContent: 'space-between' }}>
          <Text id='ws-policy-area'>{areaText}</Text>
          {editable && <Text className='ws-link' onClick={() => setSheet(true)}>选择 ›</Text>}
        </View>
        {county && !saved && <View className='ws-muted ws-t-xs ws-mt8'>以“汶上县人民政府”名义发布</View>}
        <SectionTitle title='受众标签' />
        <View className='ws-row ws-wrap' style={{ gap: 0 }}>
          {tags.map((t) => (
            <View
              key={t._id}
              className={`ws-chip-select ${picked.includes(t._id) ? 'on' : ''}`}
              data-tag={t.name}
              onClick={() => editable && setPicked((p) => (p.includes(t._id) ? p.filter((x) => x !== t._id) : [...p, t._id]))}
            >
              {t.name}
            </View>
          ))}
        </View>
        <SectionTitle title='失效日期（选填）' />
        <Input className='ws-input' id='ws-policy-expiry' placeholder='YYYY-MM-DD，过期后不再列出但仍可搜索' value={expiry} maxLength={10} onChange={setExpiry} disabled={!editable} />
      </View>
      {editable && (
        <View className='ws-body-pad ws-row'>
          <Button className='ws-flex1' id='ws-policy-save' loading={busy} onClick={() => !busy && save(false)}>
            保存草稿
          </Button>
          <Button className='ws-flex1' type='primary' id='ws-policy-save-submit' loading={busy} onClick={() => !busy && save(true)}>
            提交审核
          </Button>
        </View>
      )}
      {saved && !editable && <ReviewActions p={saved} onChange={setSaved} />}
      <Sheet open={sheet} title={townshipIssuer ? '选择村居（不选为全镇街）' : '选择镇街（不选为全县）'} onClose={() => setSheet(false)}>
        <View className='ws-row ws-wrap' style={{ gap: 0 }}>
          {options.map((o) => (
            <View
              key={o._id}
              className={`ws-chip-select ${areaIds.includes(o._id) ? 'on' : ''}`}
              onClick={() => setAreaIds((a) => (a.includes(o._id) ? a.filter((x) => x !== o._id) : [...a, o._id]))}
            >
              {o.name}
            </View>
          ))}
        </View>
      </Sheet>
    </View>
  )
}

export default function PolicyEditPage() {
  return (
    <PageShell>
      <RoleGate allow={(r) => PUBLISHERS.includes(r)}>
        <Editor />
      </RoleGate>
    </PageShell>
  )
}
