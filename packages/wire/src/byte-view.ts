// Big-endian (network order) reads and writes over a Uint8Array: the subset of DataView the
// codecs use. A DataView costs an allocation V8 cannot elide, and codecs make one per header
// parsed; this plain object is cheap, and the codecs check lengths before they read.

export class ByteView {
  constructor(private readonly b: Uint8Array) {}

  getUint16(at: number): number {
    return (this.b[at]! << 8) | this.b[at + 1]!
  }

  getInt16(at: number): number {
    return (this.getUint16(at) << 16) >> 16
  }

  getUint32(at: number): number {
    return ((this.b[at]! << 24) | (this.b[at + 1]! << 16) | (this.b[at + 2]! << 8) | this.b[at + 3]!) >>> 0
  }

  getBigUint64(at: number): bigint {
    return (BigInt(this.getUint32(at)) << 32n) | BigInt(this.getUint32(at + 4))
  }

  setUint16(at: number, value: number): void {
    this.b[at] = value >>> 8
    this.b[at + 1] = value
  }

  setInt16(at: number, value: number): void {
    this.setUint16(at, value & 0xffff)
  }

  setUint32(at: number, value: number): void {
    this.b[at] = value >>> 24
    this.b[at + 1] = value >>> 16
    this.b[at + 2] = value >>> 8
    this.b[at + 3] = value
  }

  setBigUint64(at: number, value: bigint): void {
    this.setUint32(at, Number((value >> 32n) & 0xffffffffn))
    this.setUint32(at + 4, Number(value & 0xffffffffn))
  }
}
