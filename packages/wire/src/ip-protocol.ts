// IANA "Assigned Internet Protocol Numbers" used in the IPv6 Next Header field.
export const IpProtocol = {
  hopByHop: 0,
  tcp: 6,
  udp: 17,
  ipv6: 41, // RFC 2473 IPv6-in-IPv6 tunnels
  routing: 43,
  fragment: 44,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  noNextHeader: 59,
  destinationOptions: 60,
  mobility: 135, // RFC 6275 §6.1
} as const
