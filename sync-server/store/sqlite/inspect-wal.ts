import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

const HEADER_BYTES = 32
const FRAME_HEADER_BYTES = 24

/**
 * Reads a SQLite WAL file, before SQLite opens it, for a sign that committed transactions would be
 * dropped: a bad header, a frame of the current generation whose checksum breaks the chain, or a
 * frame cut short. SQLite's recovery stops quietly at the first such frame, losing every commit
 * after it. Two endings are normal after a crash of the process and are not reported: whole frames
 * after the last commit (a transaction that never committed) and a lone frame header (the process
 * died between the two writes of a frame). Returns what is wrong, or null.
 */
export function inspectWal(walFile: string): string | null {
  let fd: number
  try {
    fd = openSync(walFile, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    return inspectOpenWal(fd, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
}

function inspectOpenWal(fd: number, size: number): string | null {
  if (size === 0) return null
  const header = Buffer.alloc(HEADER_BYTES)
  if (size < HEADER_BYTES || readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) {
    return `the WAL is ${size} bytes, shorter than its header: every transaction in it is lost`
  }
  const magic = header.readUInt32BE(0)
  if (magic !== 0x377f0682 && magic !== 0x377f0683) {
    return 'the WAL header is not a SQLite WAL header: every transaction in it is lost'
  }
  const bigEndian = magic === 0x377f0683
  const pageSize = header.readUInt32BE(8)
  const salts = [header.readUInt32BE(16), header.readUInt32BE(20)]
  let sum = checksum(header.subarray(0, 24), [0, 0], bigEndian)
  if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) {
    return 'the WAL header checksum does not match: every transaction in it is lost'
  }
  const frameBytes = FRAME_HEADER_BYTES + pageSize
  const frame = Buffer.alloc(frameBytes)
  let offset = HEADER_BYTES
  let lastCommitEnd = HEADER_BYTES
  while (offset < size) {
    const read = readSync(fd, frame, 0, frameBytes, offset)
    const sameGeneration =
      read >= 16 && frame.readUInt32BE(8) === salts[0] && frame.readUInt32BE(12) === salts[1]
    // Frames of an earlier generation (the WAL restarted over them) are not part of this log.
    if (read >= 16 && !sameGeneration) return null
    if (read < frameBytes) {
      if (read === FRAME_HEADER_BYTES || read < 16) return null
      return tornAt(offset, lastCommitEnd, 'is cut short')
    }
    sum = checksum(
      frame.subarray(FRAME_HEADER_BYTES),
      checksum(frame.subarray(0, 8), sum, bigEndian),
      bigEndian,
    )
    if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) {
      return tornAt(offset, lastCommitEnd, 'fails its checksum')
    }
    offset += frameBytes
    if (frame.readUInt32BE(4) !== 0) lastCommitEnd = offset
  }
  return null
}

function tornAt(offset: number, lastCommitEnd: number, what: string): string {
  return (
    `the WAL frame at byte ${offset} ${what}; SQLite would keep only the transactions up to byte ` +
    `${lastCommitEnd} and silently drop any committed after them`
  )
}

/** SQLite's WAL checksum: a running pair of 32-bit sums over 32-bit words, two at a time. */
function checksum(data: Buffer, [s0, s1]: number[], bigEndian: boolean): number[] {
  let a = s0 as number
  let b = s1 as number
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i)
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4)
    a = (a + x0 + b) >>> 0
    b = (b + x1 + a) >>> 0
  }
  return [a, b]
}
