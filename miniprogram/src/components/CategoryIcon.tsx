// Category tiles draw a NutUI icon (an SVG, the same on H5 and weapp), never a text initial. Each seeded
// category has its own icon; a category added later without one gets a stable icon from a pool by its id.
import type { ComponentType } from 'react'
import {
  Articles,
  Ask,
  Cart,
  Category,
  Del,
  Doctor,
  Failure,
  Gardener,
  Health,
  Heart,
  Home,
  Location,
  LogisticsError,
  More,
  Order,
  Prices,
  Refresh,
  Repairman,
  Service,
  Setting,
  ShieldCheck,
  Store,
  Tips,
  Transit,
  User,
  VolumeMax,
  Wallet,
  Warning
} from '@nutui/icons-react-taro'
import type { Category as Cat } from '../../../typings/api'

type Icon = ComponentType<{ size?: string | number; color?: string; className?: string }>

/** NutUI icons by name: a category's `icon` may name one of these directly. */
export const ICONS: Record<string, Icon> = {
  Articles, Ask, Cart, Category, Del, Doctor, Failure, Gardener, Health, Heart, Home, Location, LogisticsError, More, Order,
  Prices, Refresh, Repairman, Service, Setting, ShieldCheck, Store, Tips, Transit, User, VolumeMax, Wallet, Warning
}

/** The seeded categories (scripts/seed/wenshang.ts), one distinct icon each. */
export const CATEGORY_ICONS: Record<string, keyof typeof ICONS> = {
  'cat-water-outage': 'Failure',
  'cat-power-outage': 'Warning',
  'cat-streetlight': 'Tips',
  'cat-road': 'LogisticsError',
  'cat-water-quality': 'ShieldCheck',
  'cat-drainage': 'Refresh',
  'cat-gas-heating': 'Service',
  'cat-property': 'Home',
  'cat-bus': 'Transit',
  'cat-traffic': 'Location',
  'cat-sanitation': 'Del',
  'cat-street-vendor': 'Store',
  'cat-illegal-building': 'Repairman',
  'cat-noise': 'VolumeMax',
  'cat-pollution': 'Gardener',
  'cat-food-safety': 'Order',
  'cat-consumer': 'Cart',
  'cat-wages': 'Wallet',
  'cat-social-insurance': 'Prices',
  'cat-education': 'Articles',
  'cat-health': 'Doctor',
  'cat-welfare': 'Heart',
  'cat-agriculture': 'Category',
  'cat-policy': 'Ask',
  'cat-other': 'More',
  'cat-epidemic': 'Health',
  'cat-facilities': 'Setting'
}

const POOL = Object.keys(ICONS)
const HUES = ['#1d5bbf', '#0b7a8a', '#b35c00', '#1a7f37', '#7b3fb8', '#c8161d', '#2f6f9f', '#8a6d00']

function hash(s: string): number {
  let h = 0
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return h
}

/** The icon name and tint of a category: its own `icon` when that names a NutUI icon, else the seeded map, else the pool. */
export function categoryIcon(c: Pick<Cat, 'icon' | 'name'> & { _id?: string }): { name: string; color: string } {
  const key = c._id ?? c.name
  const color = HUES[hash(key) % HUES.length]!
  const name = ICONS[c.icon] ? c.icon : (c._id && CATEGORY_ICONS[c._id]) || POOL[hash(key) % POOL.length]!
  return { name, color }
}

export default function CategoryIcon({ c, on, size = 22 }: { c: Pick<Cat, 'icon' | 'name'> & { _id?: string }; on?: boolean; size?: number }) {
  const { name, color } = categoryIcon(c)
  const I = ICONS[name]!
  return <I className='ws-cat-svg' size={size} color={on ? '#ffffff' : color} />
}
