/**
 * Shrinks a camera photo on the phone before it is stored: a 12-megapixel shot (4–6 MB) becomes a
 * ~1600 px JPEG of a few hundred KB, which is what IndexedDB on a cheap phone and a weak uplink can carry.
 */
export interface CompressOptions {
  maxSide?: number;
  quality?: number;
}

export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function compressImage(file: Blob, options: CompressOptions = {}): Promise<Blob> {
  const maxSide = options.maxSide ?? 1600;
  const quality = options.quality ?? 0.7;
  const source = await decode(file);
  try {
    const size = fitWithin(source.width, source.height, maxSide);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.drawImage(source.image, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    // Keep the original when the browser cannot encode, or when re-encoding would make it larger.
    if (!blob || (blob.size >= file.size && file.type === 'image/jpeg')) return file;
    return blob;
  } finally {
    source.close();
  }
}

interface Decoded {
  image: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    // 'from-image' applies the EXIF rotation phones write instead of rotating pixels.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  const img = new Image();
  img.src = url;
  await img.decode();
  return { image: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
}
