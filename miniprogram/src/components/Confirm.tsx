// Confirmations and short prompts with NutUI's Dialog: `const [dialog, ask] = useDialog()`, render {dialog},
// then `await ask({ title, content })` → { confirm, value }.
import { useRef, useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Dialog, TextArea } from '@nutui/nutui-react-taro'

export interface Ask {
  title: string
  content?: ReactNode
  /** Show a text box; its text comes back as `value`. */
  input?: { placeholder?: string; initial?: string; maxLength?: number }
  confirmText?: string
  hideCancel?: boolean
}
export interface Answer {
  confirm: boolean
  value: string
}

export function useDialog(): [ReactNode, (a: Ask) => Promise<Answer>] {
  const [ask, setAsk] = useState<Ask | null>(null)
  const [value, setValue] = useState('')
  const resolver = useRef<((a: Answer) => void) | null>(null)
  const valueRef = useRef('')

  const settle = (confirm: boolean) => {
    const r = resolver.current
    resolver.current = null
    setAsk(null)
    r?.({ confirm, value: valueRef.current.trim() })
  }

  const open = (a: Ask) =>
    new Promise<Answer>((resolve) => {
      resolver.current?.({ confirm: false, value: '' })
      resolver.current = resolve
      valueRef.current = a.input?.initial ?? ''
      setValue(valueRef.current)
      setAsk(a)
    })

  const node = (
    <Dialog
      className='ws-dialog'
      visible={!!ask}
      title={ask?.title}
      confirmText={ask?.confirmText ?? '确定'}
      cancelText='取消'
      hideCancelButton={ask?.hideCancel}
      closeOnOverlayClick={false}
      onConfirm={() => settle(true)}
      onCancel={() => settle(false)}
      onClose={() => resolver.current && settle(false)}
    >
      {ask?.content && <View className='ws-dialog-text'>{ask.content}</View>}
      {ask?.input && (
        <TextArea
          className='ws-dialog-input'
          id='ws-dialog-input'
          value={value}
          placeholder={ask.input.placeholder}
          maxLength={ask.input.maxLength ?? 100}
          showCount
          autoSize
          onChange={(v) => {
            valueRef.current = v
            setValue(v)
          }}
        />
      )}
    </Dialog>
  )
  return [node, open]
}
