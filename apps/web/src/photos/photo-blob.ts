import { readSession } from '../api/session.ts';

/**
 * The bytes of a photo: from the phone when it still holds them, else from the server (photos the grid worker
 * uploaded, seen by staff on the desktop, or dropped from the phone after upload). The server needs the bearer
 * token, which an <img src> cannot send: fetched, then shown through an object URL.
 */
export async function photoBlob(local: (sha256: string) => Promise<Blob | undefined>, sha256: string): Promise<Blob | undefined> {
  const held = await local(sha256);
  if (held) return held;
  const token = readSession()?.token;
  try {
    const res = await fetch(`/api/photos/${sha256}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return res.ok ? await res.blob() : undefined;
  } catch {
    return undefined; // offline: the placeholder says the photo is not on this phone
  }
}
