import { useEffect, useState } from 'react';
import { photoKinds, toShanghaiDate, type PhotoRef, type Signature } from '@tiaojie/domain';
import { useLocalStore } from '../app/store-context.tsx';
import { photoBlob } from '../photos/photo-blob.ts';

/** An object URL for stored image bytes (photo or signature), from the phone or the server. */
function useImageUrl(sha256: string): string | null {
  const store = useLocalStore();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    void photoBlob((sha) => store.getPhotoBlob(sha), sha256).then((blob) => {
      if (!alive || !blob) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [store, sha256]);
  return url;
}

/** A photo printed with its document (the signed agreement). */
export function CaseFilePhoto({ photo }: { photo: PhotoRef }) {
  const url = useImageUrl(photo.sha256);
  const label = photoKinds.label(photo.kind, 'zh-CN');
  return (
    <figure className="casefile-photo">
      {url ? <img src={url} alt={label} /> : null}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** A signature drawn on the phone, printed on its line with the day (and place, when the signer allowed it). */
export function SignatureImage({ signature, signer }: { signature: Signature; signer: string }) {
  const url = useImageUrl(signature.sha256);
  const where = signature.location ? ` · ${signature.location.lat.toFixed(4)}, ${signature.location.lng.toFixed(4)}` : '';
  return (
    <span className="casefile-signature">
      {url ? <img src={url} alt={`${signer}的签名`} /> : <span className="casefile-signatures__line" />}
      <span className="casefile-signature__meta">
        {toShanghaiDate(new Date(signature.signedAt))}
        {where}
      </span>
    </span>
  );
}
