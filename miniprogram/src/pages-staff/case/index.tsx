import { useRouter } from '@tarojs/taro'
import CaseDetailView from '../../components/CaseDetailView'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { isStaffRole } from '../../lib/tabs'

export default function StaffCasePage() {
  const { params } = useRouter()
  return (
    <PageShell>
      <RoleGate allow={isStaffRole}>
        <CaseDetailView caseId={decodeURIComponent(params.id ?? '')} audience='staff' />
      </RoleGate>
    </PageShell>
  )
}
