// (share) A page that can be shared as a card: the redacted public view gives the title (never the raw text, even
// on the reporter's own page), onShareAppMessage answers with it, and the share menu is shown with a share ticket
// (the group a card was shared to). Call from a page component (Taro's page hooks).
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { PublicCaseView } from '../../../typings/api'
import { call } from '../api/client'
import { shareInfoOf, type ShareInfo } from '../lib/share'

export function useShareCard(caseId: string, known?: PublicCaseView | null): ShareInfo | null {
  const [fetched, setFetched] = useState<PublicCaseView | null>(null)
  const view = known !== undefined ? known : fetched
  useEffect(() => {
    if (known !== undefined || !caseId) return
    let live = true
    call('petition', 'publicView', { caseId }, { toast: false }).then(
      (v) => live && setFetched(v),
      () => live && setFetched(null)
    )
    return () => {
      live = false
    }
  }, [caseId, known])
  // (metoo) A page's own case that was merged answers with its main case (mergedFrom): the page shares nothing.
  const info = view && !(known === undefined && view.mergedFrom) ? shareInfoOf(view) : null
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return
    if (info) void Taro.showShareMenu({ withShareTicket: true }).catch(() => {})
    else void Taro.hideShareMenu().catch(() => {})
  }, [!!info])
  useShareAppMessage(() => (info ? { title: info.title, path: info.path } : { title: '汶上便民服务', path: '/pages/file/index' }))
  return info
}
