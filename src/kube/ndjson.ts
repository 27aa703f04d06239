// Splits a watch response body (newline-delimited JSON, in chunks cut anywhere, even inside a UTF-8
// character) into complete lines. Hand-written because the watch stream is ours (see watch.ts) and a
// streaming splitter is a few lines on TextDecoder.

export class NdjsonSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** Feeds one chunk; returns the lines it completed (without the newline, blank lines dropped). */
  push(chunk: Uint8Array | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n', start); nl >= 0; nl = this.pending.indexOf('\n', start)) {
      const line = this.pending.slice(start, nl).trim();
      if (line !== '') lines.push(line);
      start = nl + 1;
    }
    this.pending = this.pending.slice(start);
    return lines;
  }

  /** Ends the stream; returns a last line that had no trailing newline, if any. */
  flush(): string[] {
    this.pending += this.decoder.decode();
    const rest = this.pending.trim();
    this.pending = '';
    return rest === '' ? [] : [rest];
  }
}

/** Yields the parsed JSON values of an async byte stream of NDJSON. */
export async function* parseNdjson(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  const splitter = new NdjsonSplitter();
  for await (const chunk of body) {
    for (const line of splitter.push(chunk)) yield JSON.parse(line) as unknown;
  }
  for (const line of splitter.flush()) yield JSON.parse(line) as unknown;
}
