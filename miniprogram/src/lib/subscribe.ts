import Taro from '@tarojs/taro'
import { toast } from './toast'

/** Ask to allow subscribe messages (weapp). A no-op on H5 or when no template ids are configured. */
export async function requestSubscribe(): Promise<boolean> {
  const tmplIds = typeof __SUBSCRIBE_TEMPLATES__ !== 'undefined' ? __SUBSCRIBE_TEMPLATES__ : []
  if (process.env.TARO_ENV !== 'weapp' || !tmplIds.length) {
    toast(process.env.TARO_ENV === 'weapp' ? '暂未配置通知模板' : '请在微信小程序中开启通知')
    return false
  }
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
    const ok = tmplIds.some((t) => res[t] === 'accept')
    toast(ok ? '已开启通知' : '未开启通知')
    return ok
  } catch {
    toast('可在“我的”中重新开启通知')
    return false
  }
}
