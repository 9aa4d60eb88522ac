// Entry point of the bundle: the same main() the checkout's bin/ runs.
import { main } from './main'

process.exitCode = await main(process.argv.slice(2))
