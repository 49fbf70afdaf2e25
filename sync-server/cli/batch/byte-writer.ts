import { writeShortestNumber } from './shortest-number.ts'

/** Output bytes built in one growing buffer: text is written in place, no string per piece kept. */
export class ByteWriter {
  private buffer: Buffer
  private length = 0

  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafeSlow(capacity)
  }

  /** Makes room for `extra` more bytes. */
  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return
    const next = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + extra))
    this.buffer.copy(next, 0, 0, this.length)
    this.buffer = next
  }

  /** ASCII text (numbers, punctuation): one byte per character. */
  ascii(text: string): void {
    this.reserve(text.length)
    this.length += this.buffer.write(text, this.length, 'latin1')
  }

  /** A number exactly as String(x) writes it, mostly without making the string. */
  number(x: number): void {
    this.reserve(32)
    const end = writeShortestNumber(x, this.buffer, this.length)
    if (end < 0) this.ascii(String(x))
    else this.length = end
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    this.reserve(Buffer.byteLength(text))
    this.length += this.buffer.write(text, this.length, 'utf8')
  }

  byte(c: number): void {
    this.reserve(1)
    this.buffer[this.length++] = c
  }

  /** b[start, end) as it is. */
  bytes(b: Buffer, start = 0, end = b.length): void {
    this.reserve(end - start)
    this.length += b.copy(this.buffer, this.length, start, end)
  }

  /**
   * What was written, in a buffer of its own (transferable to another thread); writing goes on in
   * a new buffer of the same size, so nothing is copied and the answer is never overwritten.
   */
  take(): Uint8Array {
    const out = new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length)
    this.buffer = Buffer.allocUnsafeSlow(this.buffer.length)
    this.length = 0
    return out
  }
}
