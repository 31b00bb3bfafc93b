// 有疑问？我要反映: the filing form as a 政策咨询 with the notice attached.
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import FilingForm from '../../components/FilingForm'
import PageShell from '../../components/PageShell'

export default function PolicyAskPage() {
  const { id = '', title = '' } = useRouter().params
  return (
    <PageShell>
      <View className='ws-body'>
        <FilingForm
          policy={{ id, title: decodeURIComponent(title) }}
          categoryName='政策咨询'
          onSubmitted={(c) => {
            void Taro.redirectTo({ url: `/pages/success/index?no=${encodeURIComponent(c.no)}&id=${encodeURIComponent(c._id)}` })
          }}
        />
      </View>
    </PageShell>
  )
}
