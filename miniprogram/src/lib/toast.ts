// Toasts: NutUI's Toast when the current page has mounted one (PageShell does), else the platform toast.
import Taro from '@tarojs/taro'
import { Toast } from '@nutui/nutui-react-taro'

export const TOAST_ID = 'ws-toast'
let hosts = 0

/** Called by ToastHost on mount/unmount. */
export function registerToastHost(delta: 1 | -1): void {
  hosts += delta
}

export function toast(title: string, icon: 'none' | 'success' | 'fail' = 'none', duration = 2000): void {
  if (hosts > 0) {
    Toast.show(TOAST_ID, { content: title, icon: icon === 'none' ? undefined : icon, duration: duration / 1000 })
    return
  }
  void Taro.showToast({ title, icon: icon === 'fail' ? 'error' : icon, duration })
}
