// 电话查看记录 (county admin): every time staff received a resident's unmasked phone number — in a case page or by
// tap-to-call — who, when and which case (个人信息保护法).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { PhoneAccess } from '../../../../typings/api'
import { call } from '../../api/client'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import '../components/admin.css'

function PhoneAccessLog() {
  const list = usePaged<PhoneAccess>((page) => call('admin', 'phoneAccess', { page, pageSize: 20 }, { toast: false }), [])
  return (
    <View className='ws-body'>
      <View className='ws-muted ws-t-xs'>工作人员每次查看群众完整电话号码或一键拨打，均记录在此。</View>
      <PagedList list={list} id='ws-phone-access' empty={{ text: '暂无记录', icon: '☎' }}>
        {(a) => (
          <View key={a._id} className='ws-case' onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${a.caseId}` })}>
            <View className='ws-case-top'>
              <Text className='ws-case-cat'>{a.caseNo} ›</Text>
              <Tag className='ws-chip' round background={a.kind === 'call' ? '#fff3e0' : '#e8f0fe'} color={a.kind === 'call' ? '#b35c00' : '#1d5bbf'}>
                {a.kind === 'call' ? '拨打电话' : '查看号码'}
              </Tag>
            </View>
            <View className='ws-case-foot'>
              <Text>
                {a.by} · {formatTime(a.at, true)}
              </Text>
            </View>
          </View>
        )}
      </PagedList>
    </View>
  )
}

export default function PhoneAccessPage() {
  return (
    <PageShell>
      <RoleGate tile='phone_access'>
        <PhoneAccessLog />
      </RoleGate>
    </PageShell>
  )
}
