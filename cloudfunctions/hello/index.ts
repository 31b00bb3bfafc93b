// hello: the thinnest slice — answers who the function saw calling (from the invocation context) and the time.
import { defineFunction } from '../shared/handler'

export const main = defineFunction(
  'hello',
  {
    async hello(data, ctx) {
      const who = data.name?.trim() || '汶上的朋友'
      return {
        openid: ctx.openid,
        appid: ctx.appid,
        message: `${who}，您好！欢迎使用汶上县便民服务平台：群众线上提诉求，干部线下马上办。`,
        at: ctx.now.toISOString()
      }
    }
  },
  { anonymous: ['hello'] }
)
