import type postgres from 'postgres'

/** What a part runs its queries on: the pool, or the connection of the running transaction. */
export type PostgresSql = postgres.ISql

/** Bytes PostgreSQL returned (a Buffer) viewed as a plain Uint8Array (Yjs compares constructors). */
export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** Bytes as a Buffer parameter (the driver sends Buffers as bytea). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
