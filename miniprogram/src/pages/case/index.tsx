import { useRouter } from '@tarojs/taro'
import CaseDetailView from '../../components/CaseDetailView'
import PageShell from '../../components/PageShell'

export default function CasePage() {
  const { params } = useRouter()
  return (
    <PageShell>
      <CaseDetailView caseId={decodeURIComponent(params.id ?? '')} />
    </PageShell>
  )
}
