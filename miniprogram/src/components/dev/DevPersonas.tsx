// Local H5 only (guarded by __DEV_PERSONAS__ at the require site): switch the demo persona.
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { DEMO_PERSONAS } from '../../../../typings/demo-personas'
import { devLogin, getSession } from '../../api/session'
import { setState } from '../../lib/store'
import { toast } from '../../lib/toast'
import { SectionTitle } from '../SectionTitle'

export default function DevPersonas() {
  const current = getSession()?.openid
  return (
    <View className='ws-card' id='ws-dev-personas'>
      <SectionTitle title='演示身份切换（仅本地）' />
      {DEMO_PERSONAS.map((p) => (
        <View
          key={p.openid}
          className={`ws-persona ${current === p.openid ? 'on' : ''}`}
          data-openid={p.openid}
          onClick={async () => {
            try {
              await devLogin(p.openid)
              setState({ me: null, meError: null })
              toast(`已切换为 ${p.name}`)
              setTimeout(() => void Taro.reLaunch({ url: '/pages/me/index' }), 300)
            } catch (e) {
              toast((e as Error).message)
            }
          }}
        >
          <Text>{p.label}</Text>
          {current === p.openid && <Text className='ws-link'>当前</Text>}
        </View>
      ))}
    </View>
  )
}
