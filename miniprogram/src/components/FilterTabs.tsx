// The filter tabs above a list: one tab per key, the list follows the chosen key. `className` adds to ws-tabs.
import { Tabs } from '@nutui/nutui-react-taro'

export interface FilterTab<K extends string> {
  key: K
  text: string
}

export default function FilterTabs<K extends string>({ id, tabs, value, onChange, className }: { id: string; tabs: Array<FilterTab<K>>; value: K; onChange: (key: K) => void; className?: string }) {
  return (
    <Tabs className={className ? `ws-tabs ${className}` : 'ws-tabs'} id={id} value={value} onChange={(v) => onChange(v as K)}>
      {tabs.map((t) => (
        <Tabs.TabPane key={t.key} title={t.text} value={t.key} />
      ))}
    </Tabs>
  )
}
