import { View } from '@tarojs/components'
import PageShell from '../../components/PageShell'

const SECTIONS: Array<[string, string]> = [
  ['我们收集哪些信息', '您反映问题时填写的问题描述、照片和位置；您自愿留下的联系电话；用于识别您身份的微信标识（openid）。我们不收集与办理诉求无关的信息。'],
  ['我们如何使用', '上述信息仅用于受理、派单、办理和答复您的诉求，以及统计各部门的办理情况。联系电话仅在您勾选同意后收集，且只对承办人员完整显示，其他工作人员看到的是隐藏中间四位的号码。'],
  ['公开栏', '已办结的诉求可能在“公开”栏展示，用于接受群众监督。展示时会去掉姓名和电话，并自动隐去身份证号、手机号和详细地址。您可以在提交时选择“不在公开栏显示我的称呼”。'],
  ['保存与安全', '信息存储在政务云环境中，按照《中华人民共和国个人信息保护法》和相关规定采取访问控制、操作留痕等措施，仅在办理和监督所必需的期限内保存。'],
  ['您的权利', '您可以随时查看自己的诉求，可以在受理前撤回诉求。如需查询、更正或删除个人信息，可通过“我要反映”提出，或联系县便民服务中心。'],
  ['联系我们', '汶上县便民服务中心（县级诉求办理平台管理单位）。']
]

export default function PrivacyPage() {
  return (
    <PageShell>
      <View className='ws-body'>
        <View className='ws-card'>
          <View className='ws-t-l ws-bold'>个人信息保护说明</View>
          <View className='ws-muted ws-t-s ws-mt8'>依据《中华人民共和国个人信息保护法》制定</View>
          {SECTIONS.map(([h, t]) => (
            <View key={h} className='ws-mt16'>
              <View className='ws-bold'>{h}</View>
              <View className='ws-sub ws-mt8' style={{ lineHeight: 1.8 }}>
                {t}
              </View>
            </View>
          ))}
        </View>
      </View>
    </PageShell>
  )
}
