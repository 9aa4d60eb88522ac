// The public surface of @mip6/telemetry.
export type { CommandHandler, CommandReply, CommandRequest } from './commands'
export {
  checkDiscoveryConfig,
  DEFAULT_DISCOVERY_PREFIX,
  discoveryFilter,
  discoveryMessages,
  discoveryNodeId,
} from './discovery'
export {
  BROKER_WORKER,
  EmbeddedBroker,
  EmbeddedBrokerError,
  type EmbeddedBrokerOptions,
} from './embedded-broker'
export type { TelemetryLogger, TelemetryLogLevel } from './logger'
export {
  DEFAULT_BROKER_PORT,
  DEFAULT_PREFIX,
  TelemetryConfigError,
  type TelemetryOptions,
  type TelemetryTls,
} from './options'
export {
  addressText,
  type BindingRemoval,
  type HealthState,
  type InterfaceInfo,
  type RouterInfo,
  redactMac,
  type StationInput,
  type TelemetryBinding,
  type TelemetryEvent,
} from './payloads'
export { type ConnectionState, Telemetry, type TelemetryStatus } from './telemetry'
export { SUBSYSTEMS, type Subsystem, type TopicTree, topicTree } from './topics'
