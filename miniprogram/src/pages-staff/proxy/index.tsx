import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { NoticeBar } from '@nutui/nutui-react-taro'
import { useDialog } from '../../components/Confirm'
import FilingForm from '../../components/FilingForm'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { isStaffRole } from '../../lib/tabs'

export default function ProxyPage() {
  const [dialog, ask] = useDialog()
  return (
    <PageShell>
      <RoleGate allow={isStaffRole}>
        <View className='ws-body'>
          <NoticeBar className='ws-noticebar' wrap content='为不方便使用手机的群众代为反映问题。请如实记录群众的诉求，并告知群众诉求编号。' />
          <FilingForm
            proxy
            onSubmitted={(c) => {
              void ask({ title: '代报成功', content: `诉求编号 ${c.no}，请告知群众。`, hideCancel: true }).then(() =>
                Taro.redirectTo({ url: `/pages-staff/case/index?id=${c._id}` })
              )
            }}
          />
        </View>
        {dialog}
      </RoleGate>
    </PageShell>
  )
}
