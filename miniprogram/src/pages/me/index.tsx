import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Cell, Input, Switch } from '@nutui/nutui-react-taro'
import { useState, type ComponentType } from 'react'
import { DELETE_ACCOUNT_PHRASE, ROLE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import PageShell from '../../components/PageShell'
import ServiceCheck from '../../components/ServiceCheck'
import Sheet from '../../components/Sheet'
import { displayName, useMe } from '../../hooks/useMe'
import { useStore } from '../../hooks/useStore'
import { setLargeText, setState } from '../../lib/store'
import { requestSubscribe } from '../../lib/subscribe'
import { isStaffRole } from '../../lib/tabs'
import { toast } from '../../lib/toast'

// The persona switcher is compiled only into the local H5 build.
let DevPersonas: ComponentType | null = null
if (__DEV_PERSONAS__) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  DevPersonas = require('../../components/dev/DevPersonas').default
}

export default function MePage() {
  const { me, error, reload } = useMe()
  const large = useStore((s) => s.largeText)
  const [invite, setInvite] = useState(false)
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [phrase, setPhrase] = useState('')

  const deleteAccount = async () => {
    if (phrase.trim() !== DELETE_ACCOUNT_PHRASE) return toast(`请输入“${DELETE_ACCOUNT_PHRASE}”`)
    setBusy(true)
    try {
      const r = await call('user', 'deleteAccount', { confirm: phrase.trim() })
      setDeleting(false)
      setPhrase('')
      setState({ me: null })
      toast(r.cases ? `账号已注销，${r.cases} 件诉求的联系人信息已删除` : '账号已注销', 'success', 3000)
      void reload()
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  const redeem = async () => {
    if (code.trim().length < 4) return toast('请输入邀请码')
    if (!name.trim()) return toast('请输入您的姓名')
    setBusy(true)
    try {
      const m = await call('user', 'redeemInvite', { code: code.trim().toUpperCase(), name: name.trim() })
      setState({ me: m })
      setInvite(false)
      toast(`已绑定为${ROLE_LABELS[m.role]}`, 'success')
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  const staff = isStaffRole(me?.role)
  return (
    <PageShell tab='me'>
      <View className='ws-hero' style={{ paddingBottom: '36px' }}>
        <View className='ws-row'>
          <View className='ws-avatar'>{(me?.name ?? '民').slice(0, 1)}</View>
          <View className='ws-flex1'>
            <View className='ws-hero-title' id='ws-me-name'>
              {displayName(me, error)}
            </View>
            <View className='ws-row ws-wrap ws-mt8'>
              <Text className='ws-hero-badge' style={{ marginTop: 0 }} id='ws-me-role'>
                {me ? ROLE_LABELS[me.role] : '—'}
              </Text>
              {me?.scopeLabel && (
                <Text className='ws-hero-badge' style={{ marginTop: 0 }}>
                  {me.scopeLabel}
                </Text>
              )}
            </View>
          </View>
        </View>
        {error && (
          <View className='ws-hero-motto' onClick={reload}>
            {error}（点击重试）
          </View>
        )}
      </View>
      <View className='ws-body'>
        <Cell.Group className='ws-menu'>
          <Cell
            className='ws-menu-item'
            id='ws-me-policy'
            title={<View className='ws-menu-title'>惠民政策</View>}
            description={me?.profile?.home ? `家乡：${me.profile.home.townshipName}${me.profile.home.villageName}` : '查看家乡政策，设置我的家乡与订阅'}
            extra={<Text className='ws-muted'>›</Text>}
            align='center'
            onClick={() => Taro.navigateTo({ url: '/pages-policy/list/index' })}
          />
          {me && ['dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin'].includes(me.role) && (
            <Cell
              className='ws-menu-item'
              id='ws-me-policy-manage'
              title={<View className='ws-menu-title'>政策发布</View>}
              description='起草、审核和发布本单位的政策通知'
              extra={<Text className='ws-muted'>›</Text>}
              align='center'
              onClick={() => Taro.navigateTo({ url: '/pages-policy/manage/index' })}
            />
          )}
          <Cell
            className='ws-menu-item'
            title={<View className='ws-menu-title'>大字模式</View>}
            description='放大文字和按钮，方便老年人使用'
            extra={<Switch id='ws-large-switch' checked={large} onChange={(v) => setLargeText(v)} />}
            align='center'
          />
          <Cell
            className='ws-menu-item'
            title={<View className='ws-menu-title'>办理进度通知</View>}
            description='受理、办结、需要评价时提醒我'
            extra={<Text className='ws-link'>去开启 ›</Text>}
            align='center'
            onClick={() => requestSubscribe()}
          />
          <Cell
            className='ws-menu-item'
            id='ws-invite-open'
            title={<View className='ws-menu-title'>{staff ? '更换工作身份' : '工作人员登记'}</View>}
            description='网格员、楼长、部门工作人员凭邀请码绑定身份'
            extra={<Text className='ws-muted'>›</Text>}
            align='center'
            onClick={() => setInvite(true)}
          />
          <Cell
            className='ws-menu-item'
            title={<View className='ws-menu-title'>个人信息保护说明</View>}
            extra={<Text className='ws-muted'>›</Text>}
            align='center'
            onClick={() => Taro.navigateTo({ url: '/pages/privacy/index' })}
          />
          {me && !staff && (
            <Cell
              className='ws-menu-item'
              title={
                <View className='ws-menu-title' id='ws-delete-open'>
                  注销账号
                </View>
              }
              description='删除您的账号和诉求中的联系人信息'
              extra={<Text className='ws-muted'>›</Text>}
              align='center'
              onClick={() => setDeleting(true)}
            />
          )}
        </Cell.Group>
        {/* 服务连接 (openid, AppID, latency) is a developer's card: local builds only. */}
        {__DEV_PERSONAS__ && <ServiceCheck />}
        {DevPersonas && <DevPersonas />}
        <View className='ws-muted ws-t-xs ws-mt16' style={{ textAlign: 'center' }}>
          汶上县人民政府 · 群众线上提诉求，干部线下马上办
        </View>
      </View>
      <Sheet open={invite} title='输入邀请码' onClose={() => setInvite(false)}>
        <View className='ws-sub ws-t-s'>邀请码由县级管理员发放，一码一人，绑定后即可使用“工作台”。</View>
        <Input className='ws-input ws-mt12' id='ws-invite-code' placeholder='邀请码' value={code} maxLength={16} clearable onChange={setCode} />
        <Input className='ws-input ws-mt8' id='ws-invite-name' placeholder='您的姓名' value={name} maxLength={20} clearable onChange={setName} />
        <Button className='ws-btn ws-mt16' id='ws-invite-submit' type='primary' size='large' block loading={busy} onClick={() => !busy && redeem()}>
          {busy ? '正在绑定…' : '绑定身份'}
        </Button>
      </Sheet>
      <Sheet open={deleting} title='注销账号' onClose={() => setDeleting(false)}>
        <View className='ws-sub ws-t-s' id='ws-delete-notice'>
          注销后：您的账号将被删除；您提交过的诉求作为办理记录保留，但其中的联系人姓名和电话将被删除，且不再与您的微信关联，您将无法再查看或评价这些诉求。此操作不可撤销。
        </View>
        <Input className='ws-input ws-mt12' id='ws-delete-phrase' placeholder={`请输入“${DELETE_ACCOUNT_PHRASE}”`} value={phrase} maxLength={10} clearable onChange={setPhrase} />
        <Button className='ws-btn ws-mt16' id='ws-delete-submit' type='danger' size='large' block loading={busy} onClick={() => !busy && deleteAccount()}>
          {busy ? '正在注销…' : '注销账号'}
        </Button>
      </Sheet>
    </PageShell>
  )
}
