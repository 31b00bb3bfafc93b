// @tarojs/components as plain DOM elements for jsdom.
import { createElement, type ReactNode } from 'react'

type P = Record<string, unknown> & { children?: ReactNode; className?: string }

function clean(p: P): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) {
    if (['catchMove', 'lazyLoad', 'mode', 'canvasId', 'maxlength', 'placeholderText', 'scrollX', 'scrollY', 'scrollLeft', 'scrollTop', 'enableFlex', 'enhanced', 'showScrollbar', 'scrollWithAnimation', 'formType', 'catchMove', 'confirmType', 'placeholderClass', 'adjustPosition', 'autoHeight', 'showCount', 'alwaysEmbed', 'cursorSpacing', 'password'].includes(k)) continue
    out[k] = v
  }
  return out
}

const el = (tag: string) =>
  function Comp(p: P) {
    return createElement(tag, clean(p), p.children)
  }

export const View = el('div')
export const Text = el('span')
export const Image = el('img')
export const Canvas = el('canvas')
export const ScrollView = el('div')
export const Label = el('label')
export const Form = el('form')
export const Video = el('video')
export const Swiper = el('div')
export const SwiperItem = el('div')
export const Button = el('button')

export function Input(p: P & { value?: string; onInput?: (e: { detail: { value: string } }) => void }) {
  const { onInput, ...rest } = p
  return createElement('input', {
    ...clean(rest),
    value: p.value ?? '',
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } })
  })
}

export function Textarea(p: P & { value?: string; onInput?: (e: { detail: { value: string } }) => void }) {
  const { onInput, ...rest } = p
  return createElement('textarea', {
    ...clean(rest),
    value: p.value ?? '',
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } })
  })
}

export function Switch(p: P & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) {
  const { onChange, checked, ...rest } = p
  return createElement('input', {
    ...clean(rest),
    type: 'checkbox',
    checked: !!checked,
    onChange: (e: { target: { checked: boolean } }) => onChange?.({ detail: { value: e.target.checked } })
  })
}
