// (share) 分享到群: on weapp a share button (open-type share: the page's onShareAppMessage makes the card); on H5,
// where there is no WeChat share, it copies the shared page's link so it can be pasted into a group chat.
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { sharedLink, type ShareInfo } from '../lib/share'
import { toast } from '../lib/toast'

export default function ShareButton({ info }: { info: ShareInfo }) {
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Button className='ws-btn ws-mt12' id='ws-share' type='primary' fill='outline' block openType='share'>
        分享到群
      </Button>
    )
  }
  const copy = async () => {
    const link = sharedLink(info.caseId, window.location)
    try {
      await Taro.setClipboardData({ data: `${info.title}\n${link}` })
      toast('链接已复制，可粘贴到群聊', 'success')
    } catch {
      toast(`请复制链接：${link}`)
    }
  }
  return (
    <Button className='ws-btn ws-mt12' id='ws-share' type='primary' fill='outline' block onClick={() => void copy()}>
      复制分享链接
    </Button>
  )
}
