// The public surface of @mip6/engine-kit; test helpers are under '@mip6/engine-kit/testing'.
export { TimerTable } from './timer-table'
