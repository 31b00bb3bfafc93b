// The filing form: residents (我要反映) and grid members filing on behalf of a resident (代报).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import { useEffect, useRef, useState } from 'react'
import type { CaseDetail, Category } from '../../../typings/api'
import { call } from '../api/client'
import { toApiError } from '../api/envelope'
import { duplicateOf, duplicateUrl } from '../lib/duplicate'
import { useDialog } from './Confirm'
import { useCatalog } from '../hooks/useCatalog'
import { useMe } from '../hooks/useMe'
import { boardName, firstError, firstErrorKey, MAX_NAME, MAX_TEXT, toSubmitInput, validateFiling, type FilingErrors, type FilingForm as Form } from '../lib/validate'
import PlacePicker, { type PlaceValue } from './PlacePicker'
import { PhotoUploader } from './Photos'
import { Loading } from './States'
import { toast } from '../lib/toast'
import { SectionTitle } from './SectionTitle'
import CategoryIcon from './CategoryIcon'
import { useStore } from '../hooks/useStore'
import { clearDraft, draftKey, readDraft, saveDraft } from '../lib/draft'
import SimilarCases from './SimilarCases'

/** The card that holds each field: a failed submit scrolls the first error into view. */
const FIELD_CARD: Record<string, string> = {
  categoryId: 'ws-f-category',
  residentName: 'ws-f-resident',
  text: 'ws-f-text',
  photos: 'ws-f-text',
  place: 'ws-f-place',
  name: 'ws-f-contact',
  phone: 'ws-f-contact',
  consent: 'ws-f-contact'
}

/** Scroll a card into view: the DOM on H5, the page's scroll on weapp. */
export function scrollToCard(id: string): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    const el = document.getElementById(id)
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center', behavior: 'smooth' })
    return
  }
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 300, offsetTop: -60 }).catch(() => undefined)
}

/** The promise under the submit button: the chosen category's limits, or the county's defaults. */
export function slaHint(c: Pick<Category, 'name' | 'sla'> | undefined): string {
  if (!c) return '提交后 24 小时内受理，一般 5 个工作日内办结'
  return `“${c.name}”类诉求 ${c.sla.acceptHours} 小时内受理，${c.sla.finishWorkdays} 个工作日内办结`
}

export default function FilingForm({
  proxy = false,
  source,
  onSubmitted,
  policy,
  categoryName
}: {
  proxy?: boolean
  /** (channels) Where the filing page was opened from (query `src` or the scene). */
  source?: string
  onSubmitted: (c: CaseDetail) => void
  /** (policy) The notice a 政策咨询 is about (有疑问？我要反映). */
  policy?: { id: string; title: string }
  /** (policy) Preselect the category of this name, e.g. 政策咨询. */
  categoryName?: string
}) {
  const catalog = useCatalog()
  const [f, setF] = useState<Form>({ categoryId: '', text: '', photos: [], uploading: 0, phone: '', name: '', consent: false, hideName: false, publicConsent: false, residentName: '' })
  const [place, setPlace] = useState<PlaceValue>({})
  const [errors, setErrors] = useState<FilingErrors>({})
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [allCats, setAllCats] = useState(false)
  // The draft: per user and per form; restored once the user is known, saved on every change.
  const openid = useStore((st) => st.me?.openid)
  const key = openid ? draftKey(openid, proxy) : null
  const restored = useRef<string | null>(null)
  const [ready, setReady] = useState<string | null>(null)
  useEffect(() => {
    if (!key || restored.current === key) return
    restored.current = key
    setReady(key)
    const d = readDraft(key)
    if (!d) return
    setF((cur) => ({
      ...cur,
      categoryId: d.categoryId ?? cur.categoryId,
      text: d.text ?? cur.text,
      name: d.name ?? cur.name,
      phone: d.phone ?? cur.phone,
      consent: d.consent ?? cur.consent,
      hideName: d.hideName ?? cur.hideName,
      residentName: d.residentName ?? cur.residentName
    }))
    if (d.place) setPlace(d.place)
  }, [key])
  useEffect(() => {
    // Only after the restore has rendered, so an empty first render never overwrites the draft.
    if (!key || ready !== key) return
    saveDraft(key, { categoryId: f.categoryId, text: f.text, name: f.name, phone: f.phone, consent: f.consent, hideName: f.hideName, residentName: f.residentName, place })
  }, [key, ready, f.categoryId, f.text, f.name, f.phone, f.consent, f.hideName, f.residentName, place])
  const [dialog, ask] = useDialog()

  // (policy) 在外地: the resident's home village is the place, without a map point.
  const { me } = useMe()
  const home = proxy ? undefined : me?.profile?.home
  const [afar, setAfar] = useState(false)
  const presetCat = categoryName ? catalog?.categories.find((c) => c.name === categoryName)?._id : undefined
  useEffect(() => {
    if (presetCat) setF((prev) => (prev.categoryId ? prev : { ...prev, categoryId: presetCat }))
  }, [presetCat])
  const form: Form =
    afar && home
      ? { ...f, townshipId: home.townshipId, villageId: home.villageId, address: place.address }
      : { ...f, point: place.point, townshipId: place.townshipId, villageId: place.villageId, address: place.address }
  const set = (p: Partial<Form>) => {
    const next = { ...f, ...p }
    setF(next)
    if (tried) setErrors(validateFiling({ ...form, ...p }, { proxy }))
  }

  const submit = async () => {
    setTried(true)
    const e = validateFiling(form, { proxy })
    setErrors(e)
    const first = firstError(e)
    if (first) {
      toast(first)
      const k = firstErrorKey(e)
      if (k && FIELD_CARD[k]) setTimeout(() => scrollToCard(FIELD_CARD[k]!), 50)
      return
    }
    setBusy(true)
    try {
      const input = {
        ...toSubmitInput(form),
        ...(afar && home ? { fromAfar: true } : {}),
        ...(policy ? { policyId: policy.id } : {})
      }
      const res = proxy
        ? await call(
            'staff',
            'proxySubmit',
            {
              ...input,
              contact: { name: f.residentName!.trim(), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) },
              consent: !!f.phone.trim()
            },
            { toast: false }
          )
        : await call('petition', 'submit', source ? { ...input, source } : input, { toast: false })
      if (key) clearDraft(key)
      setReady(null)
      onSubmitted(res.case)
    } catch (e) {
      const err = toApiError(e)
      const dup = duplicateOf(err)
      if (dup) {
        // A resubmit: point at the case already filed instead of a bare refusal.
        const a = await ask({ title: '请勿重复提交', content: `${err.message}${dup.no ? `（编号 ${dup.no}）` : ''}。是否查看已提交的诉求？`, confirmText: '查看诉求' })
        // duplicateUrl's pages are literals, checked against app.json with every other page path.
        const existing = duplicateUrl(dup, proxy)
        if (a.confirm) void Taro.navigateTo({ url: existing })
      } else {
        toast(err.message, 'none', 2500)
      }
    } finally {
      setBusy(false)
    }
  }

  if (!catalog) return <Loading rows={2} />
  const cats = catalog.categories.filter((c) => c.active !== false).sort((a, b) => a.order - b.order)

  return (
    <View id='ws-filing-form'>
      {dialog}
      {policy && (
        <View className='ws-card ws-notice' id='ws-filing-policy'>
          关于政策：《{policy.title}》
        </View>
      )}
      <View className='ws-card' id='ws-f-category'>
        <SectionTitle title='反映什么问题' required />
        <View className='ws-catgrid'>
          {(allCats || cats.length <= 12 ? cats : cats.slice(0, 11)).map((c) => (
            <View key={c._id} className={`ws-cat ${f.categoryId === c._id ? 'on' : ''}`} data-cat={c.name} onClick={() => set({ categoryId: c._id })}>
              <View className='ws-cat-icon'>
                <CategoryIcon c={c} on={f.categoryId === c._id} />
              </View>
              <Text className='ws-cat-name'>{c.name}</Text>
            </View>
          ))}
          {!allCats && cats.length > 12 && (
            <View className='ws-cat' id='ws-cat-more' onClick={() => setAllCats(true)}>
              <View className='ws-cat-icon' style={{ color: '#4e5969' }}>
                ⋯
              </View>
              <Text className='ws-cat-name'>更多类别</Text>
            </View>
          )}
        </View>
        {errors.categoryId && <View className='ws-error'>{errors.categoryId}</View>}
      </View>

      {proxy && (
        <View className='ws-card' id='ws-f-resident'>
          <SectionTitle title='群众姓名' required />
          <Input className='ws-input' id='ws-resident-name' placeholder='请输入代报群众的姓名' value={f.residentName} maxLength={20} onChange={(v) => set({ residentName: v })} />
          {errors.residentName && <View className='ws-error'>{errors.residentName}</View>}
        </View>
      )}

      <View className='ws-card' id='ws-f-text'>
        <SectionTitle title='问题描述' required />
        <TextArea
          className='ws-textarea'
          id='ws-text'
          placeholder='请说明发生了什么、在哪里、持续多久，便于尽快办理'
          value={f.text}
          maxLength={MAX_TEXT}
          showCount
          status={errors.text ? 'error' : 'default'}
          onChange={(v) => set({ text: v })}
        />
        {errors.text && <View className='ws-error'>{errors.text}</View>}
        <View className='ws-mt12 ws-sub ws-t-s'>现场照片（选填，最多 9 张）</View>
        <View className='ws-mt8'>
          <PhotoUploader onChange={(photos, uploading) => set({ photos, uploading })} />
        </View>
        {errors.photos && <View className='ws-error'>{errors.photos}</View>}
      </View>

      <View className='ws-card' id='ws-f-place'>
        <SectionTitle title='问题位置' required />
        {home && (
          <Checkbox
            className='ws-check'
            id='ws-from-afar'
            checked={afar}
            onChange={setAfar}
            label={`我在外地，反映家乡的事（${home.townshipName}${home.villageName}，不使用定位）`}
          />
        )}
        {!(afar && home) && (
        <PlacePicker catalog={catalog} value={place} onChange={(v) => { setPlace(v); if (tried) setErrors(validateFiling({ ...form, point: v.point, townshipId: v.townshipId, villageId: v.villageId }, { proxy })) }} />
        )}
        {errors.place && <View className='ws-error'>{errors.place}</View>}
      </View>

      {/* (metoo) Once category and place are chosen: the same problem nearby, to 附议 instead of filing again. */}
      {!proxy && <SimilarCases q={{ categoryId: f.categoryId, point: place.point, villageId: place.villageId, text: f.text }} />}

      <View className='ws-card' id='ws-f-contact'>
        <SectionTitle title='联系方式（选填）' />
        <View className='ws-contact-row'>
          {!proxy && (
            <Input
              className='ws-input ws-contact-name'
              id='ws-contact-name'
              placeholder='您的称呼'
              value={f.name}
              maxLength={MAX_NAME}
              clearable
              onChange={(v) => set({ name: v })}
            />
          )}
          <Input
            className='ws-input ws-contact-phone'
            id='ws-phone'
            type='number'
            placeholder={proxy ? '群众的手机号（选填）' : '手机号码'}
            value={f.phone}
            maxLength={11}
            clearable
            onChange={(v) => set({ phone: v })}
          />
        </View>
        {errors.name && <View className='ws-error'>{errors.name}</View>}
        {errors.phone && <View className='ws-error'>{errors.phone}</View>}
        {!proxy && (
          <View className='ws-notice ws-mt8'>
            依据《个人信息保护法》，您的称呼和电话仅用于办理本诉求时联系您，仅承办人员可见；只有您同意公开时，公开栏才会展示经县级审核、已隐去姓名电话等信息的办理摘要，最多显示称呼的第一个字（如“王**”）。
            <Text className='ws-link' onClick={() => Taro.navigateTo({ url: '/pages/privacy/index' })}>
              查看个人信息保护说明
            </Text>
          </View>
        )}
        {!proxy && (
          <Checkbox className='ws-check' id='ws-consent' checked={f.consent} onChange={(v) => set({ consent: v })} label='我已阅读并同意个人信息收集说明，同意承办人员通过此电话与我联系（留电话时必选）' />
        )}
        {errors.consent && <View className='ws-error'>{errors.consent}</View>}
        <Checkbox
          className='ws-check'
          id='ws-public-consent'
          checked={!!f.publicConsent}
          onChange={(v) => set({ publicConsent: v })}
          label={proxy ? '群众同意办结后在公开栏展示办理摘要' : '同意公开：办结后可在公开栏展示经审核、已隐去个人信息的办理摘要'}
        />
        <View className='ws-muted ws-t-xs ws-contact-preview'>不勾选则不会公开；办结前可在诉求详情中随时更改。</View>
        {!proxy && !!f.publicConsent && !!f.name?.trim() && (
          <View>
            <Checkbox className='ws-check' id='ws-hide-name' checked={f.hideName} onChange={(v) => set({ hideName: v })} label='不在公开栏显示我的称呼' />
            <View className='ws-muted ws-t-xs ws-contact-preview' id='ws-board-name'>
              公开后显示为：{boardName(f.name, f.hideName)}
            </View>
          </View>
        )}
      </View>

      <View className='ws-body-pad'>
        <Button className='ws-btn ws-mt16' id='ws-submit' type='primary' size='large' block loading={busy} disabled={!!f.uploading} onClick={() => !busy && submit()}>
          {busy ? '正在提交…' : f.uploading ? '照片上传中…' : proxy ? '提交代报' : '提交诉求'}
        </Button>
        <View className='ws-muted ws-t-xs ws-mt8' style={{ textAlign: 'center' }} id='ws-sla-hint'>
          {slaHint(cats.find((c) => c._id === f.categoryId))}
        </View>
      </View>
    </View>
  )
}
