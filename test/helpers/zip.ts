/** Zip archives built in tests (with yazl), shaped like NCES's: data member, documentation, nested archives. */
import yazl from 'yazl';

export type ZipContent = { name: string; data: string | Buffer } | { name: string; zip: ZipContent[] };

export async function buildZip(entries: ZipContent[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const data = 'zip' in entry ? await buildZip(entry.zip) : Buffer.from(entry.data);
    zip.addBuffer(data, entry.name, { mtime: new Date(2024, 6, 31) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The same archive with the CRC-32 of its first member changed, in the local header and the central
 * directory alike: it opens, and only reading the member shows the damage.
 */
export function corruptFirstCrc(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const flip = (at: number) => out.writeUInt32LE((out.readUInt32LE(at) ^ 0xdeadbeef) >>> 0, at);
  flip(14); // local file header: signature, version, flags, method, time, date, then CRC-32
  const central = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  flip(central + 16);
  return out;
}
