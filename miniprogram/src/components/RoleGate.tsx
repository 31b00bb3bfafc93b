// Staff/admin pages: only for the roles that may use them. Residents see a friendly refusal.
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import type { AdminTile, Role } from '../../../typings/api'
import { useMe } from '../hooks/useMe'
import { Empty, ErrorState, Loading } from './States'

/** `tile`: the page belongs to a 管理 tile; only users who have it (Me.tiles, from the grants) get in. */
export default function RoleGate({ allow, tile, children }: { allow?: (role: Role) => boolean; tile?: AdminTile; children: ReactNode }) {
  const { me, error, reload } = useMe()
  if (error && !me) return <ErrorState text={error} onRetry={reload} />
  if (!me) return <Loading rows={2} />
  if ((allow && !allow(me.role)) || (tile && !(me.tiles ?? []).includes(tile))) {
    const text = me.role === 'resident' ? '此功能仅对工作人员开放。如您是工作人员，请在“我的”中输入邀请码绑定身份。' : '此页面不在您的岗位职责范围内。'
    return <Empty icon='⊘' text={text} action='返回首页' onAction={() => Taro.reLaunch({ url: '/pages/me/index' })} />
  }
  return <>{children}</>
}
