// 热线来电登记: a county dispatcher files a call — category, place picked from 镇街 → 村居 (no GPS: the caller is
// not where the dispatcher is), caller name and phone, what they said. The caller later claims it in the mini
// program with the same phone number (认领).
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button, Checkbox, Input, NoticeBar, TextArea } from '@nutui/nutui-react-taro'
import { useMemo, useState } from 'react'
import { call } from '../../api/client'
import { useDialog } from '../../components/Confirm'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { SectionTitle } from '../../components/SectionTitle'
import { Loading } from '../../components/States'
import { useCatalog } from '../../hooks/useCatalog'
import { toast } from '../../lib/toast'
import '../components/admin.css'

function HotlineForm() {
  const catalog = useCatalog()
  const [dialog, ask] = useDialog()
  const [categoryId, setCategoryId] = useState('')
  const [townshipId, setTownshipId] = useState('')
  const [villageId, setVillageId] = useState('')
  const [address, setAddress] = useState('')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [text, setText] = useState('')
  const [consent, setConsent] = useState(false)
  const [busy, setBusy] = useState(false)
  const categories = useMemo(() => (catalog?.categories ?? []).filter((c) => c.active), [catalog])
  const villages = useMemo(() => (catalog?.villages ?? []).filter((v) => v.townshipId === townshipId), [catalog, townshipId])
  if (!catalog) return <Loading />
  const townships = catalog.townships

  const submit = async () => {
    const missing = !categoryId ? '请选择诉求类别' : !townshipId ? '请选择镇街' : !name.trim() ? '请填写来电人姓名' : !/^1\d{10}$/.test(phone.trim()) ? '请填写 11 位来电号码' : text.trim().length < 5 ? '诉求内容至少 5 个字' : !consent ? '请确认来电人同意登记其电话' : null
    if (missing) return toast(missing)
    setBusy(true)
    try {
      const res = await call('admin', 'hotlineSubmit', {
        categoryId,
        text: text.trim(),
        place: { townshipId, ...(villageId ? { villageId } : {}), ...(address.trim() ? { address: address.trim() } : {}) },
        contact: { name: name.trim(), phone: phone.trim() },
        consent
      })
      await ask({ title: '登记成功', content: `诉求编号 ${res.case.no}，请告知来电人：用同一手机号在小程序“我的诉求”中认领，可查看进度并评价。`, hideCancel: true })
      void Taro.redirectTo({ url: `/pages-staff/case/index?id=${res.case._id}` })
    } catch {
      // The client showed the server's message.
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='ws-body'>
      <NoticeBar className='ws-noticebar' wrap content='登记群众来电反映的问题。位置请按镇街、村居选择；来电号码用于群众在小程序中认领诉求。' />
      <View className='ws-card' id='ws-hotline-form'>
        <SectionTitle title='诉求类别' />
        <Picker mode='selector' range={categories.map((c) => c.name)} onChange={(e) => setCategoryId(categories[Number(e.detail.value)]?._id ?? '')}>
          <View className='ws-kv' id='ws-hotline-category'>
            <Text className='ws-kv-v'>{categories.find((c) => c._id === categoryId)?.name ?? '请选择'}</Text>
          </View>
        </Picker>
        <SectionTitle title='位置' />
        <Picker mode='selector' range={townships.map((t) => t.name)} onChange={(e) => { setTownshipId(townships[Number(e.detail.value)]?._id ?? ''); setVillageId('') }}>
          <View className='ws-kv' id='ws-hotline-township'>
            <Text className='ws-kv-k'>镇街</Text>
            <Text className='ws-kv-v'>{townships.find((t) => t._id === townshipId)?.name ?? '请选择'}</Text>
          </View>
        </Picker>
        {townshipId && (
          <Picker mode='selector' range={['（不选村居）', ...villages.map((v) => v.name)]} onChange={(e) => setVillageId(Number(e.detail.value) > 0 ? (villages[Number(e.detail.value) - 1]?._id ?? '') : '')}>
            <View className='ws-kv' id='ws-hotline-village'>
              <Text className='ws-kv-k'>村居</Text>
              <Text className='ws-kv-v'>{villages.find((v) => v._id === villageId)?.name ?? '（不选村居）'}</Text>
            </View>
          </Picker>
        )}
        <Input className='ws-input' placeholder='详细地址（选填）' maxLength={200} value={address} onChange={setAddress} />
        <SectionTitle title='来电人' />
        <Input className='ws-input' placeholder='姓名' maxLength={20} value={name} onChange={setName} />
        <Input className='ws-input' type='number' placeholder='来电号码' maxLength={11} value={phone} onChange={setPhone} />
        <SectionTitle title='诉求内容' />
        <TextArea className='ws-textarea' placeholder='记录来电人反映的问题' maxLength={1000} value={text} onChange={setText} />
        <Checkbox className='ws-mt8' checked={consent} onChange={setConsent} label='已告知来电人并征得同意登记其电话号码' />
      </View>
      <Button block type='primary' className='ws-mt12' loading={busy} onClick={() => void submit()} id='ws-hotline-submit'>
        登记
      </Button>
      {dialog}
    </View>
  )
}

export default function HotlinePage() {
  return (
    <PageShell>
      <RoleGate tile='hotline'>
        <HotlineForm />
      </RoleGate>
    </PageShell>
  )
}
