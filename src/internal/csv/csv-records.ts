/**
 * Bytes in, CSV records out, a chunk's records at a time. Pure: it is fed by any async iterable
 * of chunks, so tests split a document at every byte without HTTP. Memory stays at one chunk
 * plus the records it completed (and a record cut by the chunk's end).
 */
import { AlliError } from "../../errors.js";
import { iterableOf } from "../request/body-source.js";

/** What the records need from a CSV parser (csv-engine.ts loads csv-parse as one): bytes in, records out, one engine per document. */
export interface CsvEngine {
  /** Parses a chunk (or, with `end`, what is left); returns the error that stopped it, if any. */
  parse(chunk: Uint8Array | undefined, end: boolean, push: (cells: string[]) => void): Error | undefined;
}

function malformed(error: Error): AlliError {
  return new AlliError(`the audit-log CSV is malformed: ${error.message}`, { cause: error });
}

/** Yields the records each chunk completes, in order; throws AlliError for malformed CSV. */
export async function* csvRecordBatches(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  engine: CsvEngine,
): AsyncGenerator<string[][]> {
  // Stopping early cancels a web stream (which closes a download's connection).
  const chunks = iterableOf(source);
  let batch: string[][] = [];
  const push = (cells: string[]) => {
    batch.push(cells);
  };
  for await (const chunk of chunks) {
    const error = engine.parse(chunk, false, push);
    if (error) throw malformed(error);
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  const error = engine.parse(undefined, true, push);
  if (error) throw malformed(error);
  if (batch.length) yield batch;
}
