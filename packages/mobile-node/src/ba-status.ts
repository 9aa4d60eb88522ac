// RFC 6275 §11.7.3: what a Binding Acknowledgement's Status asks of the mobile node.
//
// - Below 128: accepted (1 also asks for a Mobile Prefix Solicitation, §11.4.2).
// - 135, sequence number out of window: resend with the BA's sequence number + 1.
// - 133 to a deregistration: the home agent holds no binding for us, which is what a
//   deregistration wants (a mobile node starting at home gets it).
// - Ours: 128 (reason unspecified) and 130 (insufficient resources) may pass, so the BU is
//   retried after MAX_BINDACK_TIMEOUT; every other refusal stops the registration with this
//   home agent until the next movement (or the next home agent DHAAD gave us).
import { BindingAckStatus, bindingAckAccepted } from '@mip6/wire'

export type BaOutcome = 'accepted' | 'resync' | 'retry-later' | 'refused'

export function baOutcome(status: number, deregistration: boolean): BaOutcome {
  if (bindingAckAccepted(status)) return 'accepted'
  if (status === BindingAckStatus.sequenceNumberOutOfWindow) return 'resync'
  if (deregistration && status === BindingAckStatus.notHomeAgentForThisMobileNode) return 'accepted'
  if (status === BindingAckStatus.reasonUnspecified || status === BindingAckStatus.insufficientResources)
    return 'retry-later'
  return 'refused'
}
