import { useRouter } from '@tarojs/taro'
import CaseDetailView from '../../components/CaseDetailView'
import PageShell from '../../components/PageShell'
import { useShareCard } from '../../hooks/useShareCard'

export default function CasePage() {
  const { params } = useRouter()
  const caseId = decodeURIComponent(params.id ?? '')
  // (share) The reporter's and a follower's page can be shared to a WeChat group as a card (redacted title).
  const share = useShareCard(caseId)
  return (
    <PageShell>
      <CaseDetailView caseId={caseId} share={share} />
    </PageShell>
  )
}
