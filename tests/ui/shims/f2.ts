// @antv/f2 stand-in: rendering always fails in jsdom, so charts use their fallback.
export const Axis = {}
export const Chart = {}
export const Interval = {}
export const Line = {}
export const Point = {}
export function jsx(type: unknown, props: Record<string, unknown>) {
  return { type, props }
}
export class Canvas {
  constructor() {
    throw new Error('no canvas in jsdom')
  }
  render() {}
  destroy() {}
}
