// The board's name for `info`: the device tree's model on ARM boards (Raspberry Pi), the DMI
// product name on x86 boards (APU2), else `generic`.
import { readFile } from 'node:fs/promises'

const SOURCES = ['/proc/device-tree/model', '/sys/class/dmi/id/product_name']

export async function boardModel(sources = SOURCES): Promise<string> {
  for (const file of sources) {
    // The device tree's strings end in NUL.
    const text = await readFile(file, 'utf8').then(
      (t) => t.replace(/\0/g, '').trim(),
      () => '',
    )
    if (text !== '') return text
  }
  return 'generic'
}
